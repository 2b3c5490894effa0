"""The resident's IIN, name, phone and e-mail encrypted at rest (common.crypto).

Three steps: the columns become plain text (a token is longer than the clear value), every existing
row is encrypted in place, then the fields become EncryptedTextField (no change in the database).
Reversed: decrypted in place, then back to the old lengths. Both directions need the keys of
PERSONAL_DATA_KEYS that encrypted the rows.
"""

from django.db import migrations, models

import openakimat.common.crypto

FIELDS = ("applicant_iin", "applicant_name", "applicant_phone", "applicant_email")
BATCH = 500


def _rewrite(apps, schema_editor, convert):
    connection = schema_editor.connection
    table = connection.ops.quote_name("applications_application")
    columns = ", ".join(connection.ops.quote_name(f) for f in FIELDS)
    assign = ", ".join(f"{connection.ops.quote_name(f)} = %s" for f in FIELDS)
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT id, {columns} FROM {table} WHERE id > %s ORDER BY id LIMIT %s",  # noqa: S608 - fixed names
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            for pk, *values in rows:
                new = [None if v is None else convert(v) for v in values]
                cursor.execute(f"UPDATE {table} SET {assign} WHERE id = %s", [*new, pk])  # noqa: S608
            last = rows[-1][0]


def encrypt_rows(apps, schema_editor):
    _rewrite(apps, schema_editor, openakimat.common.crypto.encrypt)


def decrypt_rows(apps, schema_editor):
    _rewrite(apps, schema_editor, openakimat.common.crypto.decrypt)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_applyform_answers"),
    ]

    operations = [
        migrations.AlterField(
            model_name="application", name="applicant_iin", field=models.TextField(verbose_name="IIN")
        ),
        migrations.AlterField(
            model_name="application", name="applicant_name", field=models.TextField(verbose_name="full name")
        ),
        migrations.AlterField(
            model_name="application", name="applicant_phone", field=models.TextField(verbose_name="phone")
        ),
        migrations.AlterField(
            model_name="application",
            name="applicant_email",
            field=models.TextField(blank=True, verbose_name="e-mail"),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows, elidable=False),
        migrations.AlterField(
            model_name="application",
            name="applicant_email",
            field=openakimat.common.crypto.EncryptedTextField(blank=True, max_length=254, verbose_name="e-mail"),
        ),
        migrations.AlterField(
            model_name="application",
            name="applicant_iin",
            field=openakimat.common.crypto.EncryptedTextField(max_length=12, verbose_name="IIN"),
        ),
        migrations.AlterField(
            model_name="application",
            name="applicant_name",
            field=openakimat.common.crypto.EncryptedTextField(max_length=200, verbose_name="full name"),
        ),
        migrations.AlterField(
            model_name="application",
            name="applicant_phone",
            field=openakimat.common.crypto.EncryptedTextField(max_length=16, verbose_name="phone"),
        ),
    ]
