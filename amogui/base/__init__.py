"""The base layer: what every other layer may use (redaction, files, paths, logging,
network facts, deep-link constants, translatable text). It imports no other amogui package."""
