from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("framework", "0003_own_activities"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="touches_curriculum",
            field=models.BooleanField(default=False),
        ),
    ]
