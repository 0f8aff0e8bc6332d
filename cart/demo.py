"""Demo postage rates. Loading twice changes nothing."""


def load() -> int:
    """Create or update the demo zones and methods; return how many methods there are."""
    return 0
