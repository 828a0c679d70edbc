"""The Dutch sources: scraped text imported as Markdown, parsed into one token tree, segmented."""
