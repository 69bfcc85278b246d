"""Indexes shaped for the reminder sweep (deadlines/reminders.py).

- deadline_open_reminding: what the sweep reads of each open deadline, so it
  is an index-only scan instead of a visit to every wide deadline row;
- reminder_delivered_once now leads with the due date: the sweep reads the
  delivery history of the deadlines due soon as one range of it;
- reminder_unsent is keyed by person: delivery takes the unsent rows person by
  person.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(
                condition=models.Q(("status", "open")),
                fields=["due_date"],
                include=("id", "time_zone", "reminder_offsets", "kind", "due_time", "matter"),
                name="deadline_open_reminding",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="reminderdelivery",
            name="reminder_delivered_once",
        ),
        migrations.AddConstraint(
            model_name="reminderdelivery",
            constraint=models.UniqueConstraint(
                fields=("due_date", "deadline", "user", "kind", "offset_days"),
                name="reminder_delivered_once",
            ),
        ),
        migrations.RemoveIndex(
            model_name="reminderdelivery",
            name="reminder_unsent",
        ),
        migrations.AddIndex(
            model_name="reminderdelivery",
            index=models.Index(
                condition=models.Q(("sent_at__isnull", True)),
                fields=["user", "id"],
                name="reminder_unsent",
            ),
        ),
    ]
