"""Customer accounts' settings (docs/accounts.md), read from the environment
after ``shop.settings`` has loaded ``.env``; kept apart so settings.py stays
short."""

import environ

env = environ.Env()

# Sign-ups and password resets each email an address: at most this many
# emails to one address, and requests from one client address, per window.
ACCOUNT_EMAILS_PER_ADDRESS = env.int("ACCOUNT_EMAILS_PER_ADDRESS", default=3)
ACCOUNT_REQUESTS_PER_CLIENT = env.int("ACCOUNT_REQUESTS_PER_CLIENT", default=20)
ACCOUNT_LIMIT_MINUTES = env.int("ACCOUNT_LIMIT_MINUTES", default=60)
