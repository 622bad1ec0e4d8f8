#!/usr/bin/env python3
"""Writes a JSON Lines file of Medusa-shaped orders for `server import-orders`, for the import
and order-list benchmarks. Deterministic: the same arguments give the same file, byte for byte.

    bench/make-orders.py --orders 100000 > orders.jsonl
    bench/make-orders.py --orders 100000 --customer seed-1@example.com --customer-orders 50 \
        --emails 'seed-{}@example.com' --email-count 10000 > orders.jsonl

Each order has 1 to 5 items, a shipping method, a shipping and a billing address, amounts in
major units written as exact decimals (never through a float), and one of several currencies
(jpy among them) and statuses. With --customer, that email gets --customer-orders of the
orders, spread evenly over the file (and so over time); the others go to --email-count
distinct emails made from --emails, so that orders link to seeded customers when the pattern
matches theirs. Standard library only.
"""

import argparse
import json
import random
import sys
from datetime import datetime, timedelta, timezone

# currency, decimals, shipping (minor units)
CURRENCIES = [("usd", 2, 499), ("eur", 2, 495), ("gbp", 2, 395), ("jpy", 0, 600)]
PRODUCTS = [
    ("Medusa T-Shirt", "M / Black", "SHIRT-M-BLACK", 2500),
    ("Medusa Sweatshirt", "L / Grey", "SWEAT-L-GREY", 5500),
    ("Medusa Sweatpants", "M", "PANTS-M", 4500),
    ("Medusa Shorts", "S", "SHORTS-S", 2999),
    ("Canvas Tote Bag", "Natural", "TOTE-NAT", 1850),
    ("Enamel Mug", "White", "MUG-WHITE", 1299),
    ("Wool Beanie", "Navy", "BEANIE-NAVY", 2200),
    ("Sticker Pack", "10 pieces", "STICKERS-10", 599),
]
STATES = [
    ("completed", "captured", "delivered"),
    ("completed", "captured", "fulfilled"),
    ("pending", "authorized", "not_fulfilled"),
    ("pending", "captured", "shipped"),
    ("canceled", "refunded", "canceled"),
    ("completed", "partially_refunded", "delivered"),
]
CITIES = [
    ("London", "gb", "SW1A 1AA"),
    ("Berlin", "de", "10115"),
    ("New York", "us", "10001"),
    ("Tokyo", "jp", "100-0001"),
    ("Lyon", "fr", "69001"),
]
NEWEST = datetime(2025, 6, 1, 12, 0, 0, tzinfo=timezone.utc)


def major(minor, decimals):
    """Minor units as an exact decimal number text: 6978, 2 -> 69.78."""
    if decimals == 0:
        return str(minor)
    scale = 10**decimals
    return f"{minor // scale}.{minor % scale:0{decimals}d}"


def order_line(n, total_orders, email, display_id, rng):
    code, decimals, shipping = CURRENCIES[n % len(CURRENCIES)]
    status, payment, fulfillment = STATES[n % len(STATES)]
    discount_percent = 10 if n % 4 == 0 else 0
    tax_percent = 10 if code == "jpy" else 20
    items = []
    totals = {"subtotal": 0, "tax": 0, "discount": 0}
    for k in range(rng.randint(1, 5)):
        title, variant, sku, price = PRODUCTS[rng.randrange(len(PRODUCTS))]
        unit = price  # cents in usd/eur/gbp, and as many whole yen
        quantity = rng.randint(1, 3)
        subtotal = unit * quantity
        discount = subtotal * discount_percent // 100
        tax = (subtotal - discount) * tax_percent // 100
        totals["subtotal"] += subtotal
        totals["tax"] += tax
        totals["discount"] += discount
        items.append(
            '{"id":%s,"title":%s,"variant_title":%s,"variant_sku":%s,"product_id":%s,'
            '"quantity":%d,"unit_price":%s,"subtotal":%s,"discount_total":%s,"tax_total":%s,'
            '"total":%s}'
            % (
                json.dumps(f"ordli_{display_id}x{k + 1}"),
                json.dumps(title),
                json.dumps(variant),
                json.dumps(sku),
                json.dumps("prod_" + sku.replace("-", "")),
                quantity,
                major(unit, decimals),
                major(subtotal, decimals),
                major(discount, decimals),
                major(tax, decimals),
                major(subtotal - discount + tax, decimals),
            )
        )
    total = totals["subtotal"] + shipping + totals["tax"] - totals["discount"]
    city, country, postal = CITIES[n % len(CITIES)]
    address = json.dumps(
        {
            "first_name": "Sam",
            "last_name": f"Shopper {n % 997}",
            "address_1": f"{n % 200 + 1} High Street",
            "city": city,
            "postal_code": postal,
            "country_code": country,
        },
        separators=(",", ":"),
    )
    # Spread over about two years, the first line the newest.
    created = NEWEST - timedelta(minutes=(n * 2 * 365 * 24 * 60) // max(total_orders, 1))
    stamp = created.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return (
        '{"id":%s,"display_id":%d,"email":%s,"currency_code":"%s","status":"%s",'
        '"payment_status":"%s","fulfillment_status":"%s","subtotal":%s,"shipping_total":%s,'
        '"tax_total":%s,"discount_total":%s,"total":%s,"created_at":"%s","updated_at":"%s",'
        '"items":[%s],"shipping_methods":[{"name":"Standard shipping","amount":%s}],'
        '"shipping_address":%s,"billing_address":%s,"metadata":{"source":"bench"}}'
        % (
            json.dumps(f"order_bench{display_id:012d}"),
            display_id,
            json.dumps(email),
            code,
            status,
            payment,
            fulfillment,
            major(totals["subtotal"], decimals),
            major(shipping, decimals),
            major(totals["tax"], decimals),
            major(totals["discount"], decimals),
            major(total, decimals),
            stamp,
            stamp,
            ",".join(items),
            major(shipping, decimals),
            address,
            address,
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=100000, help="how many orders (100000)")
    parser.add_argument("--customer", help="an email that gets --customer-orders of the orders")
    parser.add_argument("--customer-orders", type=int, default=50)
    parser.add_argument(
        "--emails", default="shopper-{}@example.com", help="pattern of the other emails ({} = n)"
    )
    parser.add_argument("--email-count", type=int, default=20000, help="distinct other emails")
    parser.add_argument("--first-display-id", type=int, default=1)
    parser.add_argument("--seed", type=int, default=11, help="random seed (items, quantities)")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    every = args.orders // args.customer_orders if args.customer and args.customer_orders else 0
    out = sys.stdout
    for n in range(args.orders):
        if every and n % every == 0 and n // every < args.customer_orders:
            email = args.customer
        else:
            email = args.emails.format(n % args.email_count + 1)
        out.write(order_line(n, args.orders, email, args.first_display_id + n, rng))
        out.write("\n")


if __name__ == "__main__":
    main()
