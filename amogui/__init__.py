"""amogui: a desktop companion for testing the AMO CRM integration of the ForYou backend."""

__version__ = "0.1.0"
