"""The access kernel: who may do what to which matter.

Everything that decides whether a user may see or change a matter, or a row
that belongs to one, lives here: ethical walls, object grants, the firm's
roles, the permission backend, and the one door through which every read of
matter data passes (``restrict`` on querysets, ``matter_for`` for one matter).
It sits low in the layers (casemgr → access → accounts → clients → cases →
deadlines, documents) and knows the matter model only by its label, as
django.contrib.auth knows the user model.
"""
