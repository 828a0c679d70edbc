"""Publishing: translations applied, handouts rendered, index, feed, PDF, review sheet, e-mail."""
