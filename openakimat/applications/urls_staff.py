from django.urls import path

from . import views_desk as desk
from . import views_staff as views

app_name = "cases"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", desk.intake, name="new"),
    path("new/lookup/", desk.intake_lookup, name="new-lookup"),
    path("new/consent/", desk.consent_form, name="consent-form"),
    path("consultations/", desk.consultations, name="consultations"),
    path("<str:number>/", views.case_detail, name="detail"),
    path("<str:number>/iin/", views.case_reveal_iin, name="reveal-iin"),
    path("<str:number>/receipt/", desk.receipt, name="receipt"),
    path("<str:number>/statement/", views.case_statement, name="statement"),
    path("<str:number>/move/<slug:move>/", views.case_move, name="move"),
    path("<str:number>/assign/", views.case_assign, name="assign"),
    path("<str:number>/transfer/", views.case_transfer, name="transfer"),
    path("<str:number>/extend/", views.case_extend, name="extend"),
    path("<str:number>/documents/", views.case_add_documents, name="add-documents"),
    path("<str:number>/documents/<int:document_id>/", views.document_download, name="document"),
]
