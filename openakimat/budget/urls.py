from django.urls import path, re_path

from . import compare, views

app_name = "budget"
KATO = r"(?P<kato>[0-9]{9})"

urlpatterns = [
    path("", views.index, name="index"),
    path("projects/<slug:slug>/", views.project_detail, name="project"),
    path("projects/<slug:slug>/files/<int:pk>/", views.project_file, name="project-file"),
    re_path(rf"^{KATO}/$", views.territory_page, name="territory"),
    re_path(rf"^{KATO}/table/$", views.territory_table, name="territory-table"),
    re_path(rf"^{KATO}/(?P<which>groups|months)\.csv$", views.territory_figures, name="territory-figures"),
    re_path(rf"^{KATO}/embed/$", views.territory_embed, name="territory-embed"),
    path("glossary/", views.glossary, name="glossary"),
    re_path(rf"^{KATO}/compare/$", compare.compare_years, name="compare-years"),
    path("compare/", compare.compare_places, name="compare-places"),
    path("search/", compare.search, name="search"),
]
