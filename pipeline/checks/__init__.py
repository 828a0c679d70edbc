"""Quality checks of translations: the rules, reading each string once, the glossary."""
