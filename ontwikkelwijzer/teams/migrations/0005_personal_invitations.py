from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("teams", "0004_scan_snapshots")]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="email",
            field=models.EmailField(blank=True, db_index=True, max_length=254, verbose_name="e-mail address"),
        ),
        migrations.AddField(
            model_name="invitation", name="first_name", field=models.CharField(blank=True, max_length=150)
        ),
        migrations.AddField(
            model_name="invitation", name="last_name", field=models.CharField(blank=True, max_length=150)
        ),
        migrations.AddField(
            model_name="invitation",
            name="fte",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=3, null=True),
        ),
        migrations.AddField(
            model_name="invitation", name="declined_at", field=models.DateTimeField(blank=True, null=True)
        ),
    ]
