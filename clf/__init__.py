"""clf: label the lines of scraped web text and rebuild the clean article."""

__version__ = "0.1.0"
