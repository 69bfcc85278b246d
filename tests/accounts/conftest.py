"""Sign-in tests run with the two-factor gate on (tests/conftest.py turns it off
for the rest of the suite) and with no django-axes attempts left over."""

from __future__ import annotations

import pytest
from axes.utils import reset as axes_reset
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


@pytest.fixture(autouse=True)
def _axes_clean(db):
    axes_reset()
    yield
    axes_reset()


@pytest.fixture
def two_factor_on(settings):
    settings.TWO_FACTOR_ENFORCED = True


def totp_code(device: TOTPDevice) -> str:
    """The code the user's authenticator app shows right now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def give_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
