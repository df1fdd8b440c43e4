"""Notifications to candidate groups (an inbox per group), rendered in Chinese from a fixed
catalogue of templates that the diagrams send through ``xdt.notify.send``."""

from services.notifications.access import readable_groups
from services.notifications.catalogue import CATALOGUE, JOINT_MEETING_GROUP, Rendered, render
from services.notifications.inbox import (
    Notification,
    get_notification,
    list_notifications,
    mark_read,
    send_notification,
)

__all__ = [
    "CATALOGUE",
    "JOINT_MEETING_GROUP",
    "Notification",
    "Rendered",
    "get_notification",
    "list_notifications",
    "mark_read",
    "readable_groups",
    "render",
    "send_notification",
]
