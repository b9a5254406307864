from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "vaekst.accounts"
    verbose_name = "Accounts"
