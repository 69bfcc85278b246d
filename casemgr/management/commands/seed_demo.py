from django.core.management.base import BaseCommand

from casemgr import demo


class Command(BaseCommand):
    help = "Load the demo firm (idempotent) and print the demo users' passwords."

    def handle(self, *args: object, **options: object) -> None:
        firm = demo.seed()
        made = ", ".join(f"{n} {what}" for what, n in firm.created.items()) or "nothing new"
        self.stdout.write(f"Demo firm loaded ({made}).")
        self.stdout.write("\nDemo users (sign in at http://127.0.0.1:8000/accounts/login/):")
        width = max(len(p.email) for p in demo.PERSONAS)
        for persona in demo.PERSONAS:
            self.stdout.write(
                f"  {persona.role.value:<13} {persona.email:<{width}}  password: {persona.password}"
            )
