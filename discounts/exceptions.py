class CodeRefused(Exception):
    """A code cannot be used; ``messages`` say why, for the shopper."""

    def __init__(self, messages):
        super().__init__(" ".join(messages))
        self.messages = list(messages)
