"""The reminder sweep: who gets which reminder when, escalation, digest, exactly once."""

import datetime
import smtplib
import threading

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test import override_settings

from cases import services as case_services
from deadlines import reminders, services
from deadlines.models import Notification, ReminderDelivery, ReminderPreference
from tests.factories import DeadlineFactory, open_matter

DUE = datetime.date(2026, 12, 10)


def _at(day: datetime.date, hour: int = 17) -> datetime.datetime:
    """A moment on ``day`` in Los Angeles (17:00 UTC is 9:00 there)."""
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")], jurisdiction="US-CA")


def _deadline(matter, *people, **kwargs):
    deadline = DeadlineFactory(matter=matter, due_date=kwargs.pop("due_date", DUE), **kwargs)
    deadline.responsible.set(people)
    return deadline


def _sent():
    return sorted(ReminderDelivery.objects.filter(sent_at__isnull=False, skipped=False)
                  .values_list("user__full_name", "kind", "offset_days"))  # fmt: skip


@pytest.mark.django_db
def test_the_most_recent_due_offset_is_sent_once_to_each_responsible_person(matter, alice, bob):
    _deadline(matter, alice, bob)
    with time_machine.travel(_at(DUE - datetime.timedelta(days=40))):
        assert reminders.sweep().sent == 0
    with time_machine.travel(_at(DUE - datetime.timedelta(days=5))):
        # 5 days out: the 7-day reminder is due (the 30-day one is stale, never sent).
        assert reminders.sweep().sent == 2
        assert reminders.sweep().sent == 0
    assert _sent() == [("Alice Moreno", "reminder", 7), ("Bob Lindqvist", "reminder", 7)]
    assert len(mail.outbox) == 2
    # The text states the days actually left, not the offset (issue #15).
    assert "due in 5 days" in mail.outbox[0].subject
    assert Notification.objects.filter(user=bob).count() == 1
    with time_machine.travel(_at(DUE - datetime.timedelta(days=1))):
        assert reminders.sweep().sent == 2
    with time_machine.travel(_at(DUE)):
        assert reminders.sweep().sent == 2
    assert len(mail.outbox) == 6


@pytest.mark.django_db
def test_a_30_day_reminder_sent_12_days_out_says_12_days_in_email_and_notification(matter, alice):
    _deadline(matter, alice)
    with time_machine.travel(_at(DUE - datetime.timedelta(days=12))):
        assert reminders.sweep().sent == 1
    assert _sent() == [("Alice Moreno", "reminder", 30)]
    assert "due in 12 days" in mail.outbox[0].subject
    assert "is due in 12 days" in mail.outbox[0].body
    assert "30 days" not in mail.outbox[0].body
    assert "due in 12 days" in Notification.objects.get(user=alice).text


def test_days_left_text_names_today_tomorrow_and_the_count():
    assert [reminders.days_left_text(n) for n in (0, 1, 2, 19)] == [
        "today", "tomorrow", "in 2 days", "in 19 days",
    ]  # fmt: skip


@pytest.mark.django_db
def test_per_deadline_days_beat_personal_defaults_which_beat_the_firm_defaults(matter, alice, bob):
    ReminderPreference.objects.create(user=bob, offsets=[14, 3])
    _deadline(matter, alice, bob)
    with time_machine.travel(_at(DUE - datetime.timedelta(days=12))):
        reminders.sweep()
    assert _sent() == [("Alice Moreno", "reminder", 30), ("Bob Lindqvist", "reminder", 14)]
    own = _deadline(matter, alice, due_date=DUE + datetime.timedelta(days=1), reminder_offsets=[13])
    with time_machine.travel(_at(DUE - datetime.timedelta(days=12))):
        reminders.sweep()
    assert ReminderDelivery.objects.get(deadline=own).offset_days == 13


@pytest.mark.django_db
def test_a_moved_deadline_is_reminded_again_for_its_new_date(matter, bob):
    deadline = _deadline(matter, bob)
    with time_machine.travel(_at(DUE - datetime.timedelta(days=1))):
        reminders.sweep()
        services.deadline_override(
            actor=bob, deadline=deadline, due_date=DUE + datetime.timedelta(days=1),
            reason="Stipulation", expected_version=1,
        )  # fmt: skip
        reminders.sweep()
    assert [r[2] for r in _sent()] == [1, 7]


@pytest.mark.django_db
def test_done_deadlines_and_people_who_lost_access_get_nothing(matter, alice, bob):
    done = _deadline(matter, bob)
    services.deadline_complete(actor=bob, deadline=done, expected_version=1)
    _deadline(matter, bob, title="Still open")
    with time_machine.travel(_at(DUE - datetime.timedelta(days=2))):
        reminders.schedule_due(reminders.timezone.now())
        case_services.team_member_remove(actor=alice, matter=matter, user=bob)
        result = reminders.sweep()
    assert (result.sent, result.skipped) == (0, 1)
    assert not mail.outbox
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_wall_raised_after_scheduling_holds_when_the_sweep_runs(matter, alice, bob, dana):
    """The sweep acts for the recipient: it re-checks the door when it runs, so
    a reminder queued before a wall screened bob is not delivered to him."""
    _deadline(matter, bob, title="Walled after scheduling")
    with time_machine.travel(_at(DUE - datetime.timedelta(days=2))):
        reminders.schedule_due(reminders.timezone.now())
        case_services.wall_create(
            actor=dana, name="Bob screen", reason="Prior work for the other side",
            notice="Screened.", matter=matter, users=[bob],
        )  # fmt: skip
        result = reminders.sweep()
    assert (result.sent, result.skipped) == (0, 1)
    assert not mail.outbox
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_overdue_court_deadlines_escalate_once_to_the_responsible_attorney(matter, alice, bob):
    _deadline(matter, bob, title="Opposition due", due_time=datetime.time(23, 59))
    _deadline(matter, bob, title="Internal draft", kind="internal")
    # 23:59 on the due day in Los Angeles is 07:59 UTC the next day.
    with time_machine.travel(datetime.datetime(2026, 12, 11, 7, 30, tzinfo=datetime.UTC)):
        reminders.sweep()
    assert not ReminderDelivery.objects.filter(kind="overdue").exists()
    with time_machine.travel(datetime.datetime(2026, 12, 11, 8, 5, tzinfo=datetime.UTC)):
        reminders.sweep()
        reminders.sweep()
    overdue = ReminderDelivery.objects.filter(kind="overdue")
    assert list(overdue.values_list("user", "deadline__title")) == [(alice.pk, "Opposition due")]
    assert any(m.subject.startswith("[casemgr] OVERDUE: Opposition due") for m in mail.outbox)


@pytest.mark.django_db
def test_the_daily_digest_goes_out_once_a_day_after_seven(matter, bob):
    ReminderPreference.objects.create(user=bob, offsets=[0], daily_digest=True)
    _deadline(matter, bob, title="Reply brief")
    morning = datetime.datetime(2026, 12, 8, 14, tzinfo=datetime.UTC)  # 06:00 in LA
    with time_machine.travel(morning):
        assert reminders.sweep().digests == 0
    with time_machine.travel(morning + datetime.timedelta(hours=2)):
        assert reminders.sweep().digests == 1
        assert reminders.sweep().digests == 0
    digest = [m for m in mail.outbox if "Your deadlines" in m.subject]
    assert len(digest) == 1
    assert "Reply brief" in digest[0].body


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_deliver_each_reminder_exactly_once(alice, bob):
    matter = open_matter(actor=alice, team=[(bob, "paralegal")], jurisdiction="US-CA")
    for i in range(20):
        _deadline(matter, alice, bob, title=f"Deadline {i}")
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            reminders.sweep()
        except Exception as exc:  # noqa: BLE001 -- reported below
            errors.append(exc)
        finally:
            connection.close()

    with time_machine.travel(_at(DUE - datetime.timedelta(days=1))):
        threads = [threading.Thread(target=run) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    assert not errors
    assert ReminderDelivery.objects.count() == 40
    assert ReminderDelivery.objects.filter(sent_at__isnull=True).count() == 0
    assert Notification.objects.count() == 40
    assert len(mail.outbox) == 40
    assert len({(m.subject, m.to[0]) for m in mail.outbox}) == 40


@pytest.mark.django_db
def test_one_batch_checks_access_and_email_preferences_per_person(matter, alice, bob, charlie):
    """Delivery checks visibility for a whole batch at once: each person's own
    access and email preference still decides what they get."""
    ReminderPreference.objects.create(user=alice, email=False)
    for i in range(3):
        _deadline(matter, alice, bob, charlie, title=f"Batch {i}")
    with time_machine.travel(_at(DUE - datetime.timedelta(days=1))):
        result = reminders.sweep(chunk=4)
        assert reminders.sweep().sent == 0
    # charlie is not on the team: her rows are skipped, not sent.
    assert (result.sent, result.skipped, result.failed) == (6, 3, 0)
    assert Notification.objects.filter(user=alice).count() == 3  # in-app only
    assert sorted(m.to[0] for m in mail.outbox) == [bob.email] * 3


@pytest.mark.django_db
def test_people_whose_days_reach_beyond_the_defaults_are_reminded_that_far_ahead(
    matter, alice, bob, charlie
):
    """The sweep looks beyond the firm's 30 days only for people (or deadlines)
    with days of their own that far out; nobody else is reminded early."""
    ReminderPreference.objects.create(user=bob, offsets=[60, 7])
    ReminderPreference.objects.create(user=charlie, offsets=[])  # no reminders at all
    case_services.team_member_add(actor=alice, matter=matter, user=charlie, role="paralegal")
    far = _deadline(
        matter, alice, bob, charlie, title="Far", due_date=DUE + datetime.timedelta(days=45)
    )
    own = _deadline(
        matter, alice, charlie, title="Own days", due_date=DUE + datetime.timedelta(days=40),
        reminder_offsets=[45, 1],
    )  # fmt: skip
    with time_machine.travel(_at(DUE)):
        reminders.sweep()
    due = sorted(ReminderDelivery.objects.values_list("deadline__title", "user__full_name",
                                                      "offset_days"))  # fmt: skip
    assert due == [
        ("Far", "Bob Lindqvist", 60),
        ("Own days", "Alice Moreno", 45),
        ("Own days", "Charlie Brandt", 45),
    ]
    assert {(r.deadline, r.user) for r in ReminderDelivery.objects.all()} == {
        (far, bob), (own, alice), (own, charlie),
    }  # fmt: skip


@pytest.mark.django_db
def test_a_reminder_whose_deadline_closed_after_its_batch_was_read_is_skipped(matter, bob):
    deadline = _deadline(matter, bob)
    with time_machine.travel(_at(DUE - datetime.timedelta(days=1))):
        reminders.schedule_due(reminders.timezone.now())
        rows = list(ReminderDelivery.objects.select_related("deadline__matter", "user"))
        services.deadline_complete(actor=bob, deadline=deadline, expected_version=1)
        result = reminders.SweepResult()
        reminders.deliver_batch(rows, result)
    assert (result.sent, result.skipped) == (0, 1)
    assert ReminderDelivery.objects.get().skipped
    assert not mail.outbox
    assert not Notification.objects.exists()


class FailFirstSendBackend(EmailBackend):
    """The locmem backend, but the first message of the test is refused as a
    mail server that drops the connection would."""

    failures = 0

    def send_messages(self, messages):
        if FailFirstSendBackend.failures:
            FailFirstSendBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND=f"{__name__}.FailFirstSendBackend")
def test_a_failed_send_leaves_nothing_behind_and_goes_out_at_the_next_sweep(matter, alice, bob):
    FailFirstSendBackend.failures = 1
    _deadline(matter, alice, bob)
    with time_machine.travel(_at(DUE - datetime.timedelta(days=1))):
        first = reminders.sweep()
        assert (first.sent, first.failed) == (1, 1)
        failed = ReminderDelivery.objects.get(sent_at__isnull=True)
        assert failed.attempts == 1
        # Its notification was rolled back with it.
        assert not Notification.objects.filter(user=failed.user).exists()
        second = reminders.sweep()
    assert (second.sent, second.failed) == (1, 0)
    assert Notification.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([alice.email, bob.email])


@pytest.mark.django_db(transaction=True)
def test_parallel_delivery_sends_each_reminder_once_and_checks_each_persons_access(
    alice, bob, charlie, dana
):
    """The sweep's delivery threads share out the rows: every reminder goes out
    once, and whoever cannot see the matter any more (charlie, never on the
    team; dana, an admin screened by a wall) is skipped, not reminded."""
    matter = open_matter(actor=alice, team=[(bob, "paralegal")], jurisdiction="US-CA")
    for i in range(12):
        _deadline(matter, alice, bob, charlie, dana, title=f"Parallel {i}")
    case_services.wall_create(
        actor=dana, name="Dana screen", reason="Prior representation of the other side",
        notice="Screened.", matter=matter, users=[dana],
    )  # fmt: skip
    with time_machine.travel(_at(DUE - datetime.timedelta(days=1))):
        result = reminders.sweep(workers=3, chunk=5)
        again = reminders.sweep(workers=3, chunk=5)
    assert (result.scheduled, result.sent, result.skipped, result.failed) == (48, 24, 24, 0)
    assert (again.sent, again.skipped) == (0, 0)
    assert not ReminderDelivery.objects.filter(sent_at__isnull=True).exists()
    assert set(Notification.objects.values_list("user", flat=True)) == {alice.pk, bob.pk}
    assert Notification.objects.count() == 24
    assert len(mail.outbox) == len({(m.subject, m.to[0]) for m in mail.outbox}) == 24
    assert {m.to[0] for m in mail.outbox} == {alice.email, bob.email}


@pytest.mark.django_db(transaction=True)
def test_an_inactive_person_gets_no_reminder(alice, bob):
    matter = open_matter(actor=alice, team=[(bob, "paralegal")], jurisdiction="US-CA")
    _deadline(matter, alice, bob)
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    with time_machine.travel(_at(DUE - datetime.timedelta(days=1))):
        result = reminders.sweep()
    assert (result.scheduled, result.sent) == (1, 1)
    assert [m.to[0] for m in mail.outbox] == [alice.email]


@pytest.mark.django_db(transaction=True)
def test_the_sessions_that_schedule_side_by_side_cover_every_due_date_once(alice, bob):
    """Scheduling is shared out by due date among database sessions; together
    they insert every reminder and escalation due, each once."""
    matter = open_matter(actor=alice, team=[(bob, "paralegal")], jurisdiction="US-CA")
    for days in range(9):
        _deadline(matter, bob, title=f"In {days}", due_date=DUE + datetime.timedelta(days=days))
    _deadline(matter, bob, title="Missed", due_date=DUE - datetime.timedelta(days=2))
    with time_machine.travel(_at(DUE)):
        scheduled = reminders.schedule_due(reminders.timezone.now(), parts=3)
        assert reminders.schedule_due(reminders.timezone.now(), parts=2) == 0
    assert scheduled == 10
    rows = ReminderDelivery.objects.order_by("due_date")
    assert [(r.kind, r.offset_days) for r in rows] == [
        ("overdue", 0), ("reminder", 0), ("reminder", 1),
        *[("reminder", 7)] * 6, ("reminder", 30),
    ]  # fmt: skip
    assert [r.user_id for r in rows] == [alice.pk] + [bob.pk] * 9


@pytest.mark.django_db
def test_each_email_carries_a_message_id_derived_from_its_delivery_row(matter, alice, bob):
    ReminderPreference.objects.create(user=bob, offsets=[7], daily_digest=True)
    _deadline(matter, alice, bob)
    with time_machine.travel(_at(DUE - datetime.timedelta(days=5))):
        assert reminders.sweep().sent == 2
    rows = list(ReminderDelivery.objects.filter(sent_at__isnull=False))
    reminder_ids = {m.extra_headers["Message-ID"] for m in mail.outbox if "due in" in m.subject}
    assert reminder_ids == {reminders.message_id(row) for row in rows}
    assert len(reminder_ids) == 2
    # Read again (as a resend after a crash reads it): the same Message-ID.
    again = ReminderDelivery.objects.get(pk=rows[0].pk)
    assert reminders.message_id(again) == reminders.message_id(rows[0])
    assert reminders.message_id(rows[0]).endswith("@localhost>")  # DEFAULT_FROM_EMAIL's domain
    digest = [m for m in mail.outbox if "Your deadlines" in m.subject]
    assert digest[0].extra_headers["Message-ID"].startswith("<casemgr.digest.")
    # What reaches the mail server carries it as the header.
    assert mail.outbox[0].message()["Message-ID"] == mail.outbox[0].extra_headers["Message-ID"]


@pytest.mark.django_db
def test_a_timed_reminder_e_mail_shows_the_recipients_own_time_beside_the_courts(
    matter, alice, bob
):
    bob.time_zone = "America/New_York"
    bob.save(update_fields=["time_zone"])
    _deadline(matter, alice, bob, title="Opposition due", due_time=datetime.time(17, 0))
    with time_machine.travel(_at(DUE - datetime.timedelta(days=5))):
        reminders.sweep()
    by_person = {m.to[0]: m.body for m in mail.outbox}
    assert "Thu 2026-12-10 17:00 PST (Thu 20:00 EST your time)" in by_person[bob.email]
    # Alice reads the firm's (Pacific) zone, the court's: no second time.
    assert "Thu 2026-12-10 17:00 PST." in by_person[alice.email]
    assert "your time" not in by_person[alice.email]
