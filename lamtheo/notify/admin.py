from django.contrib import admin

from lamtheo.notify.models import Delivery, Preference, ZaloToken


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["message", "person", "channel", "status", "attempts", "sent_at"]
    list_filter = ["channel", "status"]
    raw_id_fields = ["message", "person"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    """Where the OA follower id is set until the webhook records follows (not built yet)."""

    list_display = ["person", "email", "zalo", "zalo_user_id", "zalo_interacted_at"]
    raw_id_fields = ["person"]


@admin.register(ZaloToken)
class ZaloTokenAdmin(admin.ModelAdmin):
    """After a refused refresh: paste a new refresh token and clear `broken`."""

    list_display = ["updated_at", "expires_at", "broken"]
