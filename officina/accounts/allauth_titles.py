"""allauth's page titles that its Italian catalogue capitalises word by word ("Cambia la tua
Password"); Italian titles use sentence case. The project's catalogue (LOCALE_PATHS) wins over
allauth's, and listing the strings here keeps `makemessages` from dropping them as unused.
"""

from django.utils.translation import gettext_noop

SENTENCE_CASE_TITLES = (
    gettext_noop("Change Password"),
    gettext_noop("Two-Factor Authentication"),
    gettext_noop("Sign Up Closed"),
    gettext_noop("Email Verification"),
    gettext_noop("Change Phone"),
    gettext_noop("Phone Verification"),
    gettext_noop("Add Security Key"),
    gettext_noop("Edit Security Key"),
    gettext_noop("Remove Security Key"),
    gettext_noop("Create Passkey"),
)
