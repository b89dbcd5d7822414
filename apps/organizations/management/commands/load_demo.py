from django.core.management.base import BaseCommand

from apps.organizations.demo import load_demo


class Command(BaseCommand):
    help = "Create or refresh the demo: the seed organisations, their committee and demo users."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="demo12345", help="password of every demo user")

    def handle(self, *args, password, **options):
        logins = load_demo(password=password)
        self.stdout.write(self.style.SUCCESS(f"Demo loaded. Every demo user's password: {password}"))
        for login in logins:
            self.stdout.write(f"  {login.username:<32} {login.role:<10} {login.workplace}")
