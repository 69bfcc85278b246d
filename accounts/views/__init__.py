"""Views of the accounts app: sign-in and its security steps (auth), and the
firm admin pages (firm)."""
