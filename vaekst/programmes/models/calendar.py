import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's secret iCalendar address. Whoever has the address can read the feed, so it
    carries no more than the user's sessions and can be renewed (the old address stops)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnementer")

    def __str__(self) -> str:
        return f"feed of {self.user_id}"
