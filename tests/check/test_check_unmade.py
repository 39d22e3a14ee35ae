"""A model the page loads by a bare name no earlier step saves: the page's slip, named with what
the page does save; a Hub id, a legacy model name or a name the page saved is no slip."""

from __future__ import annotations

from polydoctest.check.unmade import unmade, unsaved_model
from polydoctest.run import StepError

TRAIN = 'model.save_pretrained("tagger-finetuned")\ntrainer = Trainer(args=TrainingArguments(output_dir="tagger_out"))\n'
LOAD = 'from transformers import pipeline\ntagger = pipeline("ner", model="my_awesome_tagger")\n'


def test_a_bare_name_no_step_saves_names_what_the_page_saves_and_the_line():
    found = unsaved_model("my_awesome_tagger", [TRAIN, LOAD], 1, LOAD)
    assert found is not None
    assert (found.saved, found.line) == (("tagger-finetuned", "tagger_out"), 2)
    assert found.message == (
        "loads the model `my_awesome_tagger`, which no step of the page saves or pushes "
        "(it saves or pushes `tagger-finetuned`, `tagger_out`): load the name the page gives its model"
    )


def test_a_page_that_saves_nothing_is_told_so_without_a_list():
    found = unsaved_model("my_awesome_tagger", ["x = 1\n", LOAD], 1, LOAD)
    assert found is not None and found.saved == ()
    assert "(it saves or pushes" not in found.message


def test_a_saved_name_a_hub_id_and_a_legacy_model_are_no_slip():
    saved = 'model.push_to_hub("my_awesome_tagger")\n'
    assert unsaved_model("my_awesome_tagger", [saved, LOAD], 1, LOAD) is None
    assert unsaved_model("someone/my_awesome_tagger", [TRAIN, LOAD], 1, LOAD) is None
    assert unsaved_model("gpt2", [TRAIN, LOAD], 1, LOAD) is None


def test_only_earlier_steps_count():
    later = 'model.save_pretrained("my_awesome_tagger")\n'
    assert unsaved_model("my_awesome_tagger", [LOAD, later], 0, LOAD) is not None


CHAT = (
    'messages = [{"role": "user", "content": [{"type": "video", "path": "/path/to/video.mp4"}, '
    '{"type": "image", "url": "/path/to/image.jpg"}]}]\n'
    "inputs = processor.apply_chat_template(messages, tokenize=True, return_dict=True)\n"
)


def test_a_media_file_only_the_reader_has_is_named_even_when_the_loader_does_not_name_it():
    # transformers' video loader says only "Incorrect format": the step's code names the file.
    video = StepError("TypeError", "Incorrect format used for video. Should be an url linking to an video or a local path.")
    found = unmade(video, [CHAT], [False], 0)
    assert found is not None and found.maker is None
    assert found.fragment == "a fragment: reads the file `/path/to/video.mp4`, which no step creates (the reader's own file)"
    image = StepError("ValueError", "Incorrect image source. Must be a valid URL ... Got /path/to/image.jpg. Failed with Incorrect padding")
    assert unmade(image, [CHAT], [False], 0).name == "/path/to/image.jpg"


def test_a_loader_error_on_a_step_that_names_no_media_file_is_not_the_readers():
    video = StepError("TypeError", "Incorrect format used for video. Should be an url linking to an video or a local path.")
    assert unmade(video, ["inputs = processor(videos=frames)\n"], [False], 0) is None


def test_a_picture_torchvision_cannot_find_is_the_readers_own():
    read = 'from torchvision.io import read_image\nimage = read_image("image.jpg")\n'
    error = StepError("RuntimeError", "read_file, read_write_file.cpp:78, [Errno 2] No such file or directory: 'image.jpg'")
    assert unmade(error, [read], [False], 0).fragment.startswith("a fragment: reads the file `image.jpg`")
