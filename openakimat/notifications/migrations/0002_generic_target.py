"""The outbox refers to what a message is about generically (any app's object) and names the
message's kind, instead of a foreign key to applications. Existing rows keep their case and event."""

import django.db.models.deletion
from django.db import migrations, models


def forwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    if not Notification.objects.exists():
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    application_type, _ = ContentType.objects.get_or_create(app_label="applications", model="application")
    for note in Notification.objects.all().only("pk", "application_id", "event").iterator():
        Notification.objects.filter(pk=note.pk).update(
            target_type=application_type, target_id=note.application_id, kind=f"applications.{note.event}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="kind",
            field=models.CharField(default="", max_length=64, verbose_name="kind"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="notification",
            name="target_type",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="target_id",
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField(model_name="notification", name="application"),
        migrations.RemoveField(model_name="notification", name="event"),
        migrations.AlterField(
            model_name="notification",
            name="target_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="contenttypes.contenttype"
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="target_id",
            field=models.PositiveBigIntegerField(),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["target_type", "target_id"], name="notification_target"),
        ),
    ]
