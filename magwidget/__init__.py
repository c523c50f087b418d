"""magwidget: one article in YAML -> an embeddable widget and an email newsletter series."""

__version__ = "0.1.0"
