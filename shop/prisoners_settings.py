"""Books for prisoners' settings (docs/prisoners.md), read from the environment
after ``shop.settings`` has loaded ``.env``; kept apart so settings.py stays short."""

import environ

env = environ.Env()

# The largest donation to the prisoner fund one order may carry, in pounds.
DONATION_MAX = env.str("DONATION_MAX", default="500.00")
# Days after a request is sent or declined before the prisoner's name, number
# and notes are removed (``anonymise_prisoners``, run nightly).
PRISONER_DATA_RETENTION_DAYS = env.int("PRISONER_DATA_RETENTION_DAYS", default=90)
# Requests one address may send through the public form per hour.
PRISONER_REQUESTS_PER_HOUR = env.int("PRISONER_REQUESTS_PER_HOUR", default=5)
