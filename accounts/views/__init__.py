"""Account pages, by subject: signing in and out, My account, alerts, your data."""
