"""Self-checks of lesson 01, back-of-the-envelope estimation (a lesson keeps its answers here)."""

from tpm_course.core import ChoiceQuestion, Misconception, ValueQuestion, bare_number_in

NOTEBOOK = "lesson01_estimation"

# The enterprise tier of the lesson's team-chat product, as the self-checks state it.
ENTERPRISE_USERS = 3_000_000
MESSAGES_PER_USER = 60
SECONDS_PER_DAY = 86_400
VOICE_SHARE = 0.02
VOICE_NOTE_BYTES = 250_000
VOICE_DAYS = 2 * 365
REPLICAS = 3
ENTERPRISE_PEAK = 2.5
DEVICES_PER_MESSAGE = 10
BYTES_PER_DELIVERY = 1_000

MESSAGE_RATE = ENTERPRISE_USERS * MESSAGES_PER_USER / SECONDS_PER_DAY
VOICE_STORAGE = ENTERPRISE_USERS * MESSAGES_PER_USER * VOICE_SHARE * VOICE_NOTE_BYTES * VOICE_DAYS * REPLICAS
DELIVERY_EGRESS = MESSAGE_RATE * ENTERPRISE_PEAK * DEVICES_PER_MESSAGE * BYTES_PER_DELIVERY * 8

ROUND_DAY = Misconception(
    "10^5 seconds a day",
    "You divided by 100,000 seconds. That is a fine napkin shortcut, but it reads about 14 % low, "
    "and this check asks for the exact 86,400.",
    lambda expected, **_: expected * SECONDS_PER_DAY / 100_000,
)
s1 = ValueQuestion(
    "s1",
    NOTEBOOK,
    "enterprise_message_rate",
    unit="message/second",
    expected=MESSAGE_RATE,
    misconceptions=[
        ROUND_DAY,
        Misconception(
            "per hour",
            "That is messages per hour: you split the day into 24 hours, not 86,400 seconds.",
            lambda expected, **_: expected * 3_600,
        ),
        Misconception(
            "per minute",
            "That is messages per minute: a day has 1,440 minutes but 86,400 seconds.",
            lambda expected, **_: expected * 60,
        ),
        Misconception(
            "already peaked",
            "You multiplied by a peak factor. The question asks for the average rate over the day.",
            lambda expected, **_: expected * ENTERPRISE_PEAK,
        ),
    ],
    hints=[
        "Messages per day = users × messages per user. Then spread them over the seconds of one day.",
        "Divide the daily count by `SECONDS_PER_DAY` (86,400); no peak factor yet.",
    ],
    solution=(
        "messages_per_day = 3_000_000 * 60                    # 180 million messages/day\n"
        "enterprise_message_rate = messages_per_day / 86_400  # ≈ 2,083 messages/s"
    ),
)

s2 = ValueQuestion(
    "s2",
    NOTEBOOK,
    "voice_note_storage",
    unit="byte",
    expected=VOICE_STORAGE,
    misconceptions=[
        Misconception(
            "one replica",
            "You stored one copy. Every voice note is kept on 3 replicas: multiply by 3.",
            lambda expected, **_: expected / REPLICAS,
        ),
        Misconception(
            "one year",
            "That covers one year. Legal asked to keep voice notes for two years (730 days).",
            lambda expected, **_: expected / 2,
        ),
        Misconception(
            "one day",
            "That is one day of voice notes; multiply by the 730 days they are kept.",
            lambda expected, **_: expected / VOICE_DAYS,
        ),
        Misconception(
            "every message a voice note",
            "You treated every message as a voice note. Only 2 % of messages are: multiply by 0.02.",
            lambda expected, **_: expected / VOICE_SHARE,
        ),
        bare_number_in("terabytes", 1e12, example="1.5 PB"),
        bare_number_in("petabytes", 1e15, example="1.5 PB"),
        bare_number_in("pebibytes (2^50 bytes)", 2**50, example="1.5 PB"),
    ],
    hints=[
        "Voice notes per day = users × messages per user × 0.02. Each one is 250 KB.",
        "Multiply one day's bytes by 730 days and by 3 replicas. Answer in bytes or as a string like '1.5 PB'.",
    ],
    solution=(
        "voice_notes_per_day = 3_000_000 * 60 * 0.02          # 3.6 million notes/day\n"
        "bytes_per_day = voice_notes_per_day * 250_000         # 0.9 TB/day\n"
        "voice_note_storage = bytes_per_day * 730 * 3          # ≈ 1.97e15 bytes ≈ 2 PB"
    ),
)

s3 = ValueQuestion(
    "s3",
    NOTEBOOK,
    "enterprise_delivery_egress",
    unit="bit/second",
    expected=DELIVERY_EGRESS,
    misconceptions=[
        Misconception(
            "bytes not bits",
            "That is bytes per second. Network links are sold in bits per second: multiply by 8.",
            lambda expected, **_: expected / 8,
        ),
        Misconception(
            "no fan-out",
            "You sent each message once. It is delivered to 10 devices, so it leaves the servers 10 times.",
            lambda expected, **_: expected / DEVICES_PER_MESSAGE,
        ),
        Misconception(
            "average load",
            "That is the average egress. The network must carry the peak: multiply by the peak factor 2.5.",
            lambda expected, **_: expected / ENTERPRISE_PEAK,
        ),
        ROUND_DAY,
    ],
    hints=[
        "Start from your `enterprise_message_rate`, take it to the peak, then count one delivery per device.",
        "Peak deliveries/s × 1,000 bytes × 8 bits per byte. Answer in bit/s or as a string like '300 Mbit/s'.",
    ],
    solution=(
        "peak_messages = enterprise_message_rate * 2.5        # ≈ 5,208 messages/s at peak\n"
        "peak_deliveries = peak_messages * 10                  # ≈ 52,083 deliveries/s\n"
        "enterprise_delivery_egress = peak_deliveries * 1_000 * 8  # ≈ 417 Mbit/s"
    ),
)

STORAGE_LEVERS = ["message size", "attachment retention", "peak factor", "read fan-out"]

s4 = ChoiceQuestion(
    "s4",
    NOTEBOOK,
    "storage_lever",
    options=STORAGE_LEVERS,
    expected="attachment retention",
    misconceptions=[
        Misconception(
            "text dominates",
            "Message text is a thin slice of the bytes stored: halving it barely moves the bill. "
            "Compare the two storage lines of the worked example.",
            lambda expected, **_: "message size",
        ),
        Misconception(
            "peak drives storage",
            "The peak factor sizes servers and network links. Storage grows with what is kept, "
            "not with how bunched up the writes are.",
            lambda expected, **_: "peak factor",
        ),
        Misconception(
            "fan-out drives storage",
            "Fan-out multiplies deliveries, so it drives egress. A message is stored once, "
            "however many devices receive it.",
            lambda expected, **_: "read fan-out",
        ),
    ],
    hints=[
        "Which line of the worked example's storage estimate is the largest?",
        "Of the numbers that line depends on, which one is a product decision rather than a fact about users?",
    ],
    solution=(
        "# Attachments are most of the bytes stored, and how long they are kept is a product choice:\n"
        "# shorter retention or a cold tier for old attachments shrinks the bill the most.\n"
        "storage_lever = 'attachment retention'"
    ),
)
