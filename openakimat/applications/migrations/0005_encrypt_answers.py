"""The resident's answers to the service's own questions, and the statement made of them, encrypted
at rest like the applicant's details (common.crypto): they may name a child or a relative.

Three steps, as in 0004: the columns become plain text holding the JSON, every existing row is
encrypted in place, then the fields become EncryptedJSONField (no change in the database). Reversed:
decrypted in place, then back to JSON columns.
"""

from django.db import migrations, models

import openakimat.common.crypto

FIELDS = ("answers", "statement")
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
        ("applications", "0004_pdata_encrypt_applicant"),
    ]

    operations = [
        migrations.AlterField(
            model_name="application",
            name="answers",
            field=models.TextField(blank=True, default="{}", verbose_name="answers"),
        ),
        migrations.AlterField(
            model_name="application",
            name="statement",
            field=models.TextField(blank=True, default="{}", verbose_name="statement"),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows, elidable=False),
        migrations.AlterField(
            model_name="application",
            name="answers",
            field=openakimat.common.crypto.EncryptedJSONField(blank=True, default=dict, verbose_name="answers"),
        ),
        migrations.AlterField(
            model_name="application",
            name="statement",
            field=openakimat.common.crypto.EncryptedJSONField(blank=True, default=dict, verbose_name="statement"),
        ),
    ]
