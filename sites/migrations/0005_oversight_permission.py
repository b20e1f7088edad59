"""The oversight office is a permission: `sites.view_every_unit` (read every unit, write in none), granted to the
city's oversight group created by 0002. Access checks ask for the permission, never for the group's name."""

from django.db import migrations

OVERSIGHT_GROUP_NAME = "Giám sát cổng thành phần (Phòng Nội vụ)"
CODENAME = "view_every_unit"
NAME = "Xem mọi cổng thành phần (giám sát)"


def grant_oversight_permission(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Permissions are otherwise created after every migration has run: create this one now to grant it.
    content_type, _ = ContentType.objects.get_or_create(app_label="sites", model="unit")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=CODENAME, defaults={"name": NAME}
    )
    group = Group.objects.filter(name=OVERSIGHT_GROUP_NAME).first()
    if group is not None:
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0004_portalsettings_english_details"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="unit",
            options={
                "ordering": ["parent_id", "kind", "name"],
                "permissions": [("view_every_unit", "Xem mọi cổng thành phần (giám sát)")],
                "verbose_name": "đơn vị",
                "verbose_name_plural": "đơn vị",
            },
        ),
        migrations.RunPython(grant_oversight_permission, migrations.RunPython.noop),
    ]
