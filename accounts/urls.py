from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("settings/", views.settings_page, name="settings"),
    path("profile/", views.profile_edit, name="profile"),
    path("people/<uuid:public_id>/", views.member_profile, name="member"),
    path("people/<uuid:public_id>/block", views.member_block, name="member_block"),
    path("people/<uuid:public_id>/photo.jpg", views.member_photo, name="member_photo"),
    path("settings/photo/", views.photo_edit, name="photo"),
    path("settings/contacts/", views.contacts, name="contacts"),
    path("settings/contacts/<uuid:public_id>/", views.contact_edit, name="contact_edit"),
    path("settings/contacts/<uuid:public_id>/delete", views.contact_delete, name="contact_delete"),
    path("settings/blocks/", views.blocks, name="blocks"),
    path("settings/blocks/<uuid:public_id>/delete", views.block_delete, name="block_delete"),
    path("settings/tokens/", views.tokens, name="tokens"),
    path("settings/tokens/<int:token_id>/revoke", views.token_revoke, name="token_revoke"),
    path("settings/data/", views.data_page, name="data"),
    path("settings/data/export.json", views.data_export, name="export"),
    path("settings/delete/", views.account_delete_page, name="delete"),
]
