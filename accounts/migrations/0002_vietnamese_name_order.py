"""Names family first: until now every form stored the given name in `first_name` (“Tên”) and the family and middle
names in `last_name` (“Họ”), so Django's and Wagtail's “first last” read “Trang Phạm Thị Thu”. The forms now label
`first_name` “Họ và tên đệm” and `last_name` “Tên”; this swaps the two fields of every existing account to match."""

from django.conf import settings
from django.db import migrations
from django.db.models import F


def swap_names(apps, schema_editor):
    app_label, model_name = settings.AUTH_USER_MODEL.split(".")
    User = apps.get_model(app_label, model_name)
    # One UPDATE: SQL reads every right-hand side from the row as it was.
    User.objects.update(first_name=F("last_name"), last_name=F("first_name"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(swap_names, swap_names)]
