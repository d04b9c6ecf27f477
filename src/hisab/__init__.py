"""Hisab: an open knowledge graph of conflict incidents, the actors behind them and the legal norms they breach."""

__version__ = "0.1.0"
