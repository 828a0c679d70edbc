"""Exchange with other tools: XLIFF for translation agencies, TMX translation memories."""
