from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from apps.core.scoping import owner_scope
from apps.documents.rendering import render_subject
from apps.orders.documents import KIND
from apps.orders.models import Order


class Command(BaseCommand):
    help = "Render an existing order to PDF now, in this process (not through the queue)."

    def add_arguments(self, parser):
        parser.add_argument("order_id", type=int, help="the order's id")
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write")

    def handle(self, *args, order_id, output, **options):
        with scopes_disabled():
            order = Order.objects.select_related("organization").filter(pk=order_id).first()
        if order is None:
            raise CommandError(f"No order with the id {order_id}.")
        with owner_scope(order.owner):
            pdf, _filename = render_subject(order, KIND)
        Path(output).write_bytes(pdf)
        self.stdout.write(f"{output}: {len(pdf)} bytes, order {order.number or 'draft'}")
