"""`{% personal person "phone" %}`: a sensitive column as the reader may see it (org.privacy)."""

from django import template
from django.utils.formats import date_format

from lamtheo.org.privacy import Reader

register = template.Library()


@register.simple_tag(takes_context=True)
def personal(context, person, name: str):
    value = Reader.of(context["request"]).value(person, name)
    if hasattr(value, "strftime"):
        return date_format(value, "SHORT_DATE_FORMAT")
    return value or ""
