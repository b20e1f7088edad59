"""The city's oversight group (Phòng Nội vụ): it exists before any unit, with access to the admin only.

Its read-only view permissions on unit-owned models are granted by provisioning (`ensure_oversight_group`), which
knows the models installed at the time.
"""

from django.db import migrations

OVERSIGHT_GROUP_NAME = "Giám sát cổng thành phần (Phòng Nội vụ)"


def create_oversight_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=OVERSIGHT_GROUP_NAME)
    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
    if access_admin is not None:
        group.permissions.add(access_admin)


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # Wagtail's choose-permission migrations give every group holding `access_admin` the choose right on the
        # root collection; the oversight group is made after them, so that it holds no collection permission.
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(create_oversight_group, migrations.RunPython.noop)]
