"""E-mail backends for tests: one that always fails, one that is slow (to make runs overlap)."""

import smtplib
import time

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FailingBackend(LocmemBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("mail server went away")


class SlowBackend(LocmemBackend):
    """Holds each send for a moment, so that concurrent runs meet while rows are claimed."""

    def send_messages(self, messages):
        time.sleep(0.3)
        return super().send_messages(messages)
