from django.apps import AppConfig


class CasemgrConfig(AppConfig):
    name = "casemgr"
    verbose_name = "casemgr system"
