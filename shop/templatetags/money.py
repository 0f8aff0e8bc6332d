from django import template

from shop.money import format_money

register = template.Library()


@register.filter
def money(amount):
    """Show an amount of money: ``{{ amount|money }}`` → ``£0.00``."""
    return format_money(amount)
