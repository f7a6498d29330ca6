"""The forms behind the project admin: each fills what the model can work out, says in words
what it refuses, and labels fields in the editors' words."""

from editorial.forms import NormalisedModelForm
from editorial.review import ReviewForm
from projects.models import Outcome
from projects.models.outcomes import direction_for


class OutcomeForm(NormalisedModelForm):
    """An outcome row: the direction follows the value's sign and the result key is made from
    the measure when left empty, before the database's rules are checked, so a blank field the
    help invites is never refused."""

    class Meta:
        model = Outcome
        fields = "__all__"
        help_texts = {
            "direction": "Leave empty when there is a value: it is set from the value's sign. "
            "Without a value, choose the direction the source reports.",
            "result_key": "Leave empty to make it from the measure. Figures of the same result "
            "from different sources share one key.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "result_key" in self.fields:
            self.fields["result_key"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("result_key") and cleaned.get("measure"):
            cleaned["result_key"] = Outcome.key_for(cleaned["measure"])
        if not cleaned.get("direction") and cleaned.get("value") is not None:
            cleaned["direction"] = direction_for(cleaned["value"])
        return cleaned


class ProjectForm(ReviewForm):
    """The project form: the address is made from the agency when left empty."""

    class Meta:
        labels = {
            "stage": "Project status",
            "stage_source": "Source of the project status",
            "design_source": "Source of the design",
            "sms_level": "Maryland level (Scientific Methods Scale)",
            "sms_source": "Source of the Maryland level",
            "sms_rationale": "Why this Maryland level",
            "image_alt": "Image description (alt text)",
        }
        help_texts = {
            # The admin shows help text as HTML: no angle brackets in it.
            "slug": "The last part of the case study's address (chicago-il-2012 gives "
            "/sites/chicago-il-2012/). Leave empty to make it from the agency's city, state and "
            "cohort year. Changing it keeps the old address working.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
