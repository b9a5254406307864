from django.urls import path

from vaekst.segmentation import overview_views, sections, views

app_name = "segmentation"
urlpatterns = [
    path("niveauer/", views.level_configuration_view, name="levels"),
    path("niveauer/kladde/ny/", views.draft_create, name="draft_create"),
    path("niveauer/regelsaet/<uuid:public_id>/", views.rule_set_detail, name="rule_set_detail"),
    path(
        "niveauer/regelsaet/<uuid:public_id>/kriterier/",
        views.criterion_set,
        name="criterion_set",
    ),
    path(
        "niveauer/regelsaet/<uuid:public_id>/kriterier/<int:criterion_id>/taerskel/",
        views.criterion_threshold,
        name="criterion_threshold",
    ),
    path(
        "niveauer/regelsaet/<uuid:public_id>/kriterier/<int:criterion_id>/fjern/",
        views.criterion_remove,
        name="criterion_remove",
    ),
    path("niveauer/regelsaet/<uuid:public_id>/niveau/", views.level_set, name="level_set"),
    path("niveauer/regelsaet/<uuid:public_id>/navn/", views.label_set, name="label_set"),
    path("niveauer/regelsaet/<uuid:public_id>/begrundelse/", views.note_set, name="note_set"),
    path(
        "niveauer/regelsaet/<uuid:public_id>/forhaandsvisning/",
        views.rule_set_preview,
        name="rule_set_preview",
    ),
    path(
        "niveauer/regelsaet/<uuid:public_id>/offentliggoer/",
        views.rule_set_publish,
        name="rule_set_publish",
    ),
    path("niveauer/oversigt/", overview_views.overview, name="overview"),
    path("niveauer/beregn/", overview_views.scoring_request, name="scoring_request"),
    path("niveauer/beregninger/<uuid:public_id>/", overview_views.run_status, name="run_status"),
    path(
        "niveauer/skjult-potentiale/",
        overview_views.hidden_potential_view,
        name="hidden_potential",
    ),
    path(
        "virksomheder/<int:cvr>/niveau/vurdering/",
        sections.assessment_create,
        name="assessment_create",
    ),
]
