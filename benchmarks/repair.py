"""Benchmark the read stage: how well and how fast it repairs each script under each code page.

For every language (ar, ko, zh) and code page, clean text is sent through the damage channel
and repaired; the table gives the holes, the character error rate (CER) of the repair (and its
character errors per hole, which does not depend on how dense the holes are), the CER of a
plain re-decode that puts U+FFFD in every hole, and the time per page (a page here is one
held-out text; the seed pages as they are, 17-42 kB each, are timed at the end). The clean text is
(a) the sentences of the seed pages in docs/source/ that came through undamaged (no hole in
them) and (b) sentences written for this benchmark (below). Each is held out: the model that
repairs it is built from the word lists plus the *other* texts of the same language as corpus
(leave-one-out over the seed pages and the written set), never from the text itself. A seed
page's intact sentences are intact because they hold no character the page's own code page
breaks, so under that code page, or one that loses a subset of its bytes (cp1252 for a
cp1254 page), its fold has no hole and the row measures the other folds only: the ko rows of
cp1252 and cp1254 and the zh row of cp1252 measure the written sentences alone.

Each held-out text is measured twice: as prose (its sentences one per line), and as a
*guide-shaped page*: a seed page's lines as they are, ASCII and code fences included (ASCII is
never damaged), with the non-ASCII stretch of every line replaced by the next held-out
sentence, so that holes are as dense as on a real guide page. A seed page's own sentences go
into its own structure; the written sentences go into the structure of a seed page of another
language (its prose is replaced, and its language's pages are not in the corpus).

    .venv/bin/python benchmarks/repair.py            # all languages and code pages
    .venv/bin/python benchmarks/repair.py --quick    # written sentences, cp1252/cp1254/tis-620
    .venv/bin/python benchmarks/repair.py --itself   # each damaged text also in its own corpus

Models are cached (first run builds one per fold: minutes); times exclude model builds and
include storing the repaired page in the disk cache, as a real read does.
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from polydoctest.read import damage, read_page, repair_text
from polydoctest.read import repair as stage
from polydoctest.read.channel import encode_back, lost_bytes
from polydoctest.read.detect import detect
from polydoctest.read.holes import find_holes

DOCS = Path(__file__).resolve().parent.parent / "docs" / "source"
LANGUAGES = ("ar", "ko", "zh")
CODEPAGES = ("cp1252", "cp1254", "cp1250", "cp1251", "cp1256", "latin-1", "cp874", "tis-620")
QUICK_CODEPAGES = ("cp1252", "cp1254", "tis-620")
_SENTENCE_END = re.compile(r"(?<=[.!?؟。！？])\s*")

# Sentences written for this benchmark (not taken from anywhere), in the register of the guides.
WRITTEN = {
    "ar": """يشرح هذا الدليل كيفية تحميل نموذج مدرب مسبقًا واستخدامه للتنبؤ.
قبل البدء، تأكد من أنك قمت بتثبيت المكتبة وجميع الاعتماديات المطلوبة.
يمكنك تحميل مجموعة البيانات من المنصة مباشرة باستخدام دالة واحدة فقط.
تحتوي كل عينة على نص قصير وتسمية تشير إلى الفئة الصحيحة.
نستخدم المُجزِّئ لتحويل النصوص إلى أرقام يفهمها النموذج.
إذا كان النص أطول من الحد الأقصى، فسيتم اقتطاعه تلقائيًا.
بعد ذلك، نحدد معدل التعلم وعدد الحقب وحجم الدفعة.
يعرض الجدول التالي النتائج التي حصلنا عليها على مجموعة الاختبار.
لاحظ أن الدقة تتحسن كلما زاد عدد الأمثلة في بيانات التدريب.
يقوم المدرب بحفظ نقطة تفتيش في نهاية كل حقبة.
يمكنك مشاركة نموذجك مع المجتمع عن طريق رفعه إلى المستودع.
في هذا القسم، سنتعرف على طريقة تقييم النموذج بعد الانتهاء من التدريب.
تعتمد الدالة على مكتبة أخرى لحساب المقاييس مثل الدقة والاستدعاء.
لا تنسَ تسجيل الدخول إلى حسابك قبل رفع الملفات.
هل تريد معرفة المزيد؟ راجع الدرس الخاص بالضبط الدقيق.
تدعم المكتبة عدة أطر عمل، منها باي تورش وتنسرفلو.
عند استخدام وحدة معالجة الرسومات، يصبح التدريب أسرع بكثير.
نقوم بتعريف قاموسين لربط المعرفات بالتسميات والعكس.
يمكن للنموذج أن يتعرف على أسماء الأشخاص والأماكن والمنظمات في النص.
تُعد هذه الطريقة مفيدة عندما تكون البيانات المتاحة قليلة.
فيما يلي مثال بسيط يوضح كيفية استخدام خط الأنابيب لتصنيف المشاعر.
تظهر النتيجة على شكل قائمة من القواميس، يحتوي كل منها على التسمية والدرجة.
يجب أن تكون جميع المدخلات في الدفعة بنفس الطول، لذلك نستخدم الحشو.
فكر في الموارد المتوفرة لديك قبل اختيار حجم النموذج.
أخيرًا، نحفظ النموذج والمجزئ في مجلد واحد حتى نتمكن من تحميلهما لاحقًا.
تساعدك هذه الفئة على إنشاء نموذج جديد من ملف الإعدادات دون تحميل الأوزان.
إذا واجهت مشكلة، فيمكنك طرح سؤالك في المنتدى وسيساعدك أحد أفراد المجتمع.
يتعلم النموذج من الأخطاء التي يرتكبها في كل خطوة من خطوات التدريب.
من الأفضل دائمًا فحص البيانات قبل البدء في المعالجة.
تُرجع الدالة القيم الاحتمالية لكل فئة بعد تطبيق دالة سوفت ماكس.
في المثال الأول، نصنف مراجعات الأفلام إلى إيجابية أو سلبية.
فعّل خيار الدقة المختلطة لتقليل استهلاك الذاكرة.
يُفضَّل استخدام بيئة افتراضية لتفادي تعارض الإصدارات.
سيقوم البرنامج بتنزيل الملفات مرة واحدة ثم يحتفظ بها في ذاكرة التخزين المؤقت.
تحقق من أن أسماء الأعمدة مطابقة لما يتوقعه النموذج.
غالبًا ما تكون النماذج الصغيرة كافية للمهام البسيطة.
فهم طريقة عمل الانتباه يساعدك على اختيار البنية المناسبة.
وفي الختام، نأمل أن يكون هذا الدليل قد ساعدك على فهم الخطوات الأساسية.""".split("\n"),
    "ko": """이 가이드에서는 사전 학습된 모델을 불러와 추론에 사용하는 방법을 설명합니다.
시작하기 전에 필요한 라이브러리가 모두 설치되어 있는지 확인하세요.
데이터셋은 허브에서 함수 하나로 바로 불러올 수 있습니다.
각 예제에는 짧은 텍스트와 올바른 클래스를 나타내는 레이블이 들어 있습니다.
토크나이저를 사용해 텍스트를 모델이 이해할 수 있는 숫자로 바꿉니다.
텍스트가 최대 길이보다 길면 자동으로 잘립니다.
그다음 학습률, 에폭 수, 배치 크기를 정합니다.
다음 표는 테스트 세트에서 얻은 결과를 보여줍니다.
학습 데이터의 예제가 많아질수록 정확도가 올라가는 것을 볼 수 있습니다.
트레이너는 매 에폭이 끝날 때마다 체크포인트를 저장합니다.
모델을 저장소에 업로드하면 커뮤니티와 공유할 수 있습니다.
이번 섹션에서는 학습이 끝난 뒤 모델을 평가하는 방법을 알아보겠습니다.
이 함수는 정확도와 재현율 같은 지표를 계산하기 위해 다른 라이브러리를 사용합니다.
파일을 올리기 전에 계정에 로그인하는 것을 잊지 마세요.
더 알고 싶으신가요? 미세 조정에 관한 튜토리얼을 참고하세요.
이 라이브러리는 파이토치와 텐서플로우를 포함한 여러 프레임워크를 지원합니다.
그래픽 처리 장치를 사용하면 학습이 훨씬 빨라집니다.
아이디를 레이블에, 레이블을 아이디에 대응시키는 사전을 두 개 정의합니다.
모델은 문장 속에서 사람, 장소, 조직의 이름을 찾아낼 수 있습니다.
이 방법은 사용할 수 있는 데이터가 적을 때 특히 유용합니다.
다음은 파이프라인으로 감정을 분류하는 간단한 예시입니다.
결과는 딕셔너리의 리스트로 나오며, 각 딕셔너리에는 레이블과 점수가 들어 있습니다.
배치 안의 입력은 길이가 모두 같아야 하므로 패딩을 사용합니다.
모델 크기를 고르기 전에 사용할 수 있는 자원을 먼저 생각해 보세요.
마지막으로 모델과 토크나이저를 한 폴더에 저장해 나중에 다시 불러올 수 있게 합니다.
이 클래스를 사용하면 가중치를 불러오지 않고 설정 파일만으로 새 모델을 만들 수 있습니다.
문제가 생기면 포럼에 질문을 올려 보세요. 커뮤니티 구성원이 도와줄 것입니다.
모델은 학습의 각 단계에서 저지른 실수로부터 배웁니다.
처리를 시작하기 전에 항상 데이터를 살펴보는 것이 좋습니다.
이 함수는 소프트맥스를 적용한 뒤 각 클래스의 확률을 돌려줍니다.
첫 번째 예제에서는 영화 리뷰를 긍정과 부정으로 분류합니다.
메모리 사용량을 줄이려면 혼합 정밀도 옵션을 켜세요.
버전 충돌을 피하려면 가상 환경을 사용하는 것이 좋습니다.
프로그램은 파일을 한 번만 내려받고 그 뒤에는 캐시에 보관합니다.
열 이름이 모델이 기대하는 이름과 같은지 확인하세요.
간단한 작업에는 작은 모델로도 충분한 경우가 많습니다.
어텐션이 어떻게 동작하는지 이해하면 알맞은 구조를 고르는 데 도움이 됩니다.
이 가이드가 기본 단계를 이해하는 데 도움이 되었기를 바랍니다.""".split("\n"),
    "zh": """本指南介绍如何加载预训练模型并将其用于推理。
开始之前，请确认已经安装了所有需要的库。
你可以用一个函数直接从模型中心加载数据集。
每个样本都包含一段短文本和一个表示正确类别的标签。
我们使用分词器把文本转换成模型能够理解的数字。
如果文本超过最大长度，它会被自动截断。
接下来，我们设置学习率、训练轮数和批次大小。
下表展示了我们在测试集上得到的结果。
可以看到，训练数据中的样本越多，准确率就越高。
训练器会在每一轮结束时保存一个检查点。
把模型上传到仓库后，就可以与社区分享了。
在本节中，我们将学习训练完成后如何评估模型。
这个函数依赖另一个库来计算准确率和召回率等指标。
上传文件之前，别忘了先登录你的账户。
想了解更多吗？请参阅关于微调的教程。
该库支持多种框架，包括PyTorch和TensorFlow。
使用图形处理器时，训练速度会快很多。
我们定义两个字典，把编号映射到标签，再把标签映射回编号。
模型能够识别文本中的人名、地名和机构名。
当可用的数据很少时，这种方法特别有用。
下面是一个用管道进行情感分类的简单例子。
结果是一个字典列表，每个字典都包含标签和分数。
一个批次里的输入长度必须相同，所以我们使用填充。
在选择模型大小之前，先想一想你有哪些资源。
最后，我们把模型和分词器保存到同一个文件夹，以便以后重新加载。
借助这个类，你可以只用配置文件创建新模型，而不加载权重。
如果遇到问题，可以在论坛上提问，社区成员会帮助你。
模型在训练的每一步都会从自己的错误中学习。
在开始处理之前，最好先检查一下数据。
这个函数在应用softmax之后返回每个类别的概率。
在第一个例子中，我们把电影评论分为正面和负面。
打开混合精度选项可以减少内存占用。
为了避免版本冲突，建议使用虚拟环境。
程序只会下载一次文件，之后把它们保存在缓存中。
请检查列名是否与模型期望的一致。
对于简单的任务，小模型往往就足够了。
理解注意力机制的工作原理，有助于你选择合适的结构。
希望本指南能帮助你理解这些基本步骤。""".split("\n"),
}


def intact_sentences(text: str) -> list[str]:
    """The sentences of a seed page that came through without a hole."""
    detection = detect(text)
    if detection.codepage is None:
        return [line for line in text.split("\n") if not line.isascii()]
    data, holes = detection.candidate.data, detection.candidate.holes
    bounds = [0] + [edge for hole in holes for edge in (hole.start, hole.end)] + [len(data)]
    sentences = []
    for start, end in zip(bounds[::2], bounds[1::2]):
        lines = data[start:end].decode("utf-8").split("\n")
        for number, line in enumerate(lines):
            parts = _SENTENCE_END.split(line)
            # A stretch starts and ends at a hole: the sentences cut there are not whole.
            if number == 0 and start > 0:
                parts = parts[1:]
            if number == len(lines) - 1 and end < len(data):
                parts = parts[:-1]
            sentences += [part.strip() for part in parts if not part.isascii() and len(part.strip()) > 8]
    return sentences


@dataclass(frozen=True)
class Fold:
    """A held-out text in two shapes, and the corpus that never saw it."""

    name: str
    prose: str
    page: str
    corpus: tuple[str, ...]


_NON_ASCII_STRETCH = re.compile(r"[^\x00-\x7f](?:.*[^\x00-\x7f])?")


def guide_shaped(structure: str, sentences: list[str]) -> str:
    """`structure`'s lines with the non-ASCII stretch of each replaced by the next sentence
    (cycling through them)."""
    following = itertools.cycle(sentences)
    return "\n".join(_NON_ASCII_STRETCH.sub(lambda _: next(following), line) for line in structure.split("\n"))


def folds(language: str, quick: bool) -> list[Fold]:
    """The folds of `language`. The corpus holds the other seed pages of the language as they
    are (damaged: the stage uses their confidently repaired lines, as it does in use) and the
    written sentences unless they are held out."""
    pages = {str(path.relative_to(DOCS)): path.read_text(encoding="utf-8") for path in sorted(DOCS.rglob("*.md"))}
    pieces = {"written": (WRITTEN[language], ["\n".join(WRITTEN[language])])}
    for name, text in pages.items():
        if name.startswith(language + "/"):
            pieces[name] = (intact_sentences(text), [text])
    foreign = next(text for name, text in pages.items() if not name.startswith(language + "/"))
    chosen = ["written"] if quick else [name for name, (sentences, _) in pieces.items() if sentences]
    result = []
    for name in chosen:
        sentences = pieces[name][0]
        corpus = tuple(text for other, (_, texts) in pieces.items() if other != name for text in texts)
        structure = foreign if name == "written" else pages[name]
        result.append(Fold(name, "\n".join(sentences), guide_shaped(structure, sentences), corpus))
    return result


def _distance(a: str, b: str) -> int:
    """Levenshtein distance, after trimming the common prefix and suffix."""
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a, b = a[start : len(a) - end], b[start : len(b) - end]
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)))
        previous = current
    return previous[-1]


def errors(truth: str, guess: str) -> int:
    """Character errors; damage never moves a newline, so lines are compared one by one."""
    truth_lines, guess_lines = truth.split("\n"), guess.split("\n")
    if len(truth_lines) != len(guess_lines):
        return _distance(truth, guess)
    return sum(_distance(t, g) for t, g in zip(truth_lines, guess_lines) if t != g)


SHAPES = ("prose", "page")


def measure(language: str, codepage: str, shape: str, quick: bool, itself: bool = False) -> dict:
    """Totals over the folds of `language` with each held-out text in `shape` (see SHAPES).
    With `itself`, the damaged text joins the corpus, as a page does in use (its language
    folder is its corpus): the model learns from its confidently repaired words, never from
    the clean text."""
    holes = chars = repair_errors = baseline_errors = 0
    seconds = 0.0
    detected = set()
    pages = 0
    for fold in folds(language, quick):
        text, corpus = (fold.prose if shape == "prose" else fold.page), fold.corpus
        damaged = damage(text, codepage)
        data = encode_back(damaged, codepage)
        found = find_holes(data, lost_bytes(codepage))
        if not found:
            continue
        if itself:
            corpus = corpus + (damaged,)
        # Build or load the model and the lexicon's index outside the timing.
        warm_up = "\n".join(reversed(text.split("\n")))
        repair_text(damage(warm_up, codepage), language=language, corpus=corpus)
        _no_reading_cache()
        start = time.perf_counter()
        reading = repair_text(damaged, language=language, corpus=corpus)
        seconds += time.perf_counter() - start
        detected.add(reading.report.codepage)
        holes += len(found)
        chars += len(text)
        pages += 1
        repair_errors += errors(text, reading.text)
        baseline_errors += errors(text, data.decode("utf-8", errors="replace"))
    return {
        "holes": holes,
        "chars": chars,
        "cer": repair_errors / chars if chars else None,
        "per_hole": repair_errors / holes if holes else None,
        "baseline": baseline_errors / chars if chars else None,
        "ms_per_page": 1000 * seconds / pages if pages else None,
        "detected": ",".join(sorted(str(d) for d in detected)),
    }


def _no_reading_cache() -> None:
    """Measure the repair, not the cache of repaired pages (models stay cached): forget the
    readings in memory and never look on disk."""
    stage._READINGS.clear()
    stage.load_json = lambda kind, key: None


def seed_page_speed() -> list[tuple[str, str, int, float]]:
    """Warm wall time to read each seed page as it is, with its language directory as corpus
    (model and lexicon already built)."""
    rows = []
    for path in sorted(DOCS.rglob("*.md")):
        language = path.relative_to(DOCS).parts[0]
        read_page(path, language=language, corpus=[DOCS / language])  # builds or loads the model
        _no_reading_cache()
        start = time.perf_counter()
        reading = read_page(path, language=language, corpus=[DOCS / language])
        rows.append((str(path.relative_to(DOCS)), reading.report.codepage, reading.report.holes, time.perf_counter() - start))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="written sentences only, three code pages")
    parser.add_argument("--languages", nargs="+", default=LANGUAGES)
    parser.add_argument("--codepages", nargs="+")
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=SHAPES)
    parser.add_argument("--itself", action="store_true", help="each damaged text is in its own corpus, as in use")
    args = parser.parse_args(argv)
    codepages = args.codepages or (QUICK_CODEPAGES if args.quick else CODEPAGES)
    _no_reading_cache()
    print(f"{'lang':4} {'codepage':8} {'shape':5} {'holes':>6} {'chars':>7} {'CER repair':>10} {'err/hole':>8} {'CER U+FFFD':>10} {'ms/page':>8}  detected")
    for language in args.languages:
        for codepage in codepages:
            for shape in args.shapes:
                row = measure(language, codepage, shape, args.quick, args.itself)
                if row["cer"] is None:
                    print(f"{language:4} {codepage:8} {shape:5} {'undamaged: the channel loses no byte of this text':>50}")
                    continue
                print(
                    f"{language:4} {codepage:8} {shape:5} {row['holes']:6d} {row['chars']:7d} {100 * row['cer']:9.3f}% "
                    f"{100 * row['per_hole']:7.2f}% {100 * row['baseline']:9.2f}% {row['ms_per_page']:8.1f}  {row['detected']}"
                )
                sys.stdout.flush()
    if not args.quick:
        print("\nseed pages as they are (warm):")
        for name, codepage, holes, seconds in seed_page_speed():
            print(f"  {name:45} {codepage:8} {holes:5d} holes {1000 * seconds:8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
