"""Remove what a fresh Wagtail install creates but a multi-unit portal must not have.

- The default Site on localhost:80 (an unknown hostname must get a 404, never some unit's site) and its welcome page.
- The default "Editors"/"Moderators" groups and "Moderators approval" workflow: they hold permissions on the
  root page and root collection, i.e. on every unit at once.
"""

from django.db import migrations


def remove_defaults(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    ContentType = apps.get_model("contenttypes", "ContentType")

    generic_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    welcome = Page.objects.filter(depth=2, slug="home", content_type=generic_type)
    Site.objects.filter(root_page__in=welcome).delete()
    if welcome.exists():
        welcome.delete()
        root = Page.objects.get(depth=1)
        root.numchild = Page.objects.filter(depth=2).count()
        root.save(update_fields=["numchild"])

    Workflow.objects.filter(name="Moderators approval").delete()
    Task.objects.filter(name="Moderators approval").delete()
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(remove_defaults, migrations.RunPython.noop)]
