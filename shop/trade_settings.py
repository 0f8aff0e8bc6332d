"""Trade accounts' settings (docs/trade.md), read from the environment after
``shop.settings`` has loaded ``.env``; kept apart so settings.py stays short."""

import environ

env = environ.Env()

# Discount %, days to pay, least goods per order.
TRADE_DISCOUNT_PERCENT = env.str("TRADE_DISCOUNT_PERCENT", default="35")
TRADE_PAYMENT_DAYS = env.int("TRADE_PAYMENT_DAYS", default=30)
TRADE_MINIMUM_ORDER = env.str("TRADE_MINIMUM_ORDER", default="50.00")
TRADE_INVOICE_PREFIX = env.str("TRADE_INVOICE_PREFIX", default="INV-")
TRADE_REMINDER_DAYS = env.int("TRADE_REMINDER_DAYS", default=7)  # days overdue
SHOP_ADDRESS = env.str("SHOP_ADDRESS", default="Radical Books, 1 Example St, Bristol")
TRADE_CREDIT_NOTE_PREFIX = env.str("TRADE_CREDIT_NOTE_PREFIX", default="CN-")
