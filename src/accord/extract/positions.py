"""Position statements: an actor says what it wants, offers or refuses on an issue.

Issues and direction cues come from a small YAML lexicon (packaged:
``accord/extract/data/issues.yaml``). A statement needs three things in one sentence:

* an **issue phrase** ("sanctions relief", "join NATO", "partial ceasefire");
* a **direction cue** that syntactically governs it — the phrase lies in the cue's subtree
  ("demands …", "is ready to …", "rejects …", "will never accept …"); negation flips the cue
  (wants/offers → refuses, refuses → offers);
* an **actor**: the cue's subject resolved through the article's mentions; a pronoun or a
  subject inside a quote ("we are ready …") falls back to the speaker of the quote that holds
  the sentence, and "he"/"she" to the most recent compatible person.

The actor recorded is the *principal*: a spokesperson's or aide's statement goes to whoever the
text says they speak for ("Kremlin spokesman Dmitry Peskov" → the Kremlin → Russia; "presidential
aide Yuri Ushakov" → Putin) or the registry does (``speaks_for``: Peskov → Putin); the person is
kept as ``speaker`` (:mod:`accord.extract.spokespeople`).

>>> from accord.extract.nlp import load_pipeline
>>> from accord.extract.actors import ActorResolver
>>> from accord.extract.registry import ActorRegistry
>>> nlp, reg = load_pipeline(), ActorRegistry.default()
>>> doc = nlp("Peskov said Russia will never accept NATO membership for Ukraine.")
>>> ms = ActorResolver(reg).resolve(doc)
>>> [(p.actor_id, p.issue, p.direction) for p in extract_positions(doc, ms, [], registry=reg)]
[('russia', 'nato_membership', 'refuses')]
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.errors import InputError
from accord.extract.actors import AGENT_HEADS
from accord.extract.coref import (
    is_person_pronoun,
    previous_topic,
    resolve_institution,
    resolve_pronoun,
)
from accord.extract.figures import doc_text
from accord.extract.mentions import MentionIndex
from accord.extract.quotes import CUE_LEMMAS
from accord.extract.registry import ActorRegistry, default_registry, side_of
from accord.extract.spokespeople import voiced_for
from accord.extract.types import Mention, PositionStatement, Quote
from accord.files import read_yaml

if TYPE_CHECKING:
    # Types only: spaCy is imported by what parses text, not by what reads stored results.
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Span, Token
    from spacy.vocab import Vocab

    from accord.extract.position_model import LogisticModel

PACKAGED = Path(__file__).with_name("data") / "issues.yaml"
DIRECTIONS = ("wants", "offers", "refuses", "demands")
LEXICON_DIRECTIONS = ("wants", "offers", "refuses")
FLIP = {"wants": "refuses", "offers": "refuses", "refuses": "offers", "demands": "refuses"}
# A stance on an issue's opposite pole (lexicon ``inverse``), turned to the issue itself.
INVERSE_TURN = {"wants": "refuses", "refuses": "wants"}
# Nouns of undoing: "the reversal of demilitarization" names the issue's opposite pole.
UNDOING_NOUNS = frozenset({"reversal", "repeal", "rollback", "abolition", "undoing"})
# The end of a cue whose statement names the issue's opposite pole (see Issue.place).
INVERSE_MARK = "(inverse)"
# Nouns that state a position when an actor owns them ("Putin's demand for …", "Kyiv's
# rejection of …", "Zelensky's proposal to …").
NOUN_CUES = {
    "demand": "wants", "insistence": "wants", "desire": "wants", "call": "wants",
    "refusal": "refuses", "rejection": "refuses", "veto": "refuses",
    "offer": "offers", "proposal": "offers", "suggestion": "offers", "readiness": "offers",
    "willingness": "offers", "openness": "offers",
    "concern": "refuses", "objection": "refuses", "opposition": "refuses",
    # priorities carried by nouns: "emphasized the need for guarantees", "Trump's push to end
    # the war", "at Moscow's request", "its commitment to supporting guarantees"
    "need": "wants", "push": "wants", "effort": "wants", "bid": "wants", "request": "wants",
    "goal": "wants", "priority": "wants", "necessity": "wants", "commitment": "wants",
    "dissatisfaction": "refuses", "criticism": "refuses",
    # "expressed support for a ceasefire proposal", "emphasized the importance of a ceasefire"
    "support": "wants", "importance": "wants",
    # "expressed skepticism about Europe's participation in the talks"
    "skepticism": "refuses", "scepticism": "refuses",
    # "expressed reservations about meeting Putin" (optimism is a forecast, not a position)
    "reservation": "refuses",
}
# Verbs through which a subject voices a position noun it does not own by a possessive:
# "Rufo highlighted concerns over …", "Kyiv reiterated its rejection …", "raised objections".
VOICING_VERBS = frozenset({
    "express", "raise", "voice", "highlight", "reiterate", "signal", "indicate", "state",
    "repeat", "underline", "stress", "renew", "make", "submit", "table", "put", "show",
    "maintain", "demonstrate", "emphasize", "emphasise", "affirm", "reaffirm", "confirm",
    "outline", "set", "announce", "unveil",
})
DISOWNING_VERBS = frozenset({"decline", "deny", "dismiss", "refute", "address"})
# Verbs of giving: "we want to give Ukraine a security guarantee" offers the guarantee.
GIVING_VERBS = frozenset({"give", "provide", "extend", "grant", "send", "deploy"})
# Plural nouns that, with "the two", "both" (or "the" for sides, parties, delegations), stand
# for the pair of parties named before: "the two sides agreed", "both leaders suggested".
PAIR_NOUNS = frozenset({"side", "party", "delegation", "leader", "president", "country"})
# A person's state, spoken of by a possessive pronoun: "his country", "her government".
STATE_NOUNS = frozenset({"country", "government", "administration", "nation", "state"})
# Position nouns of proposing: what they propose on a mutual issue the proposer wants.
PROPOSING_NOUNS = frozenset({"proposal", "suggestion"})
PROPOSING_VERBS = frozenset({"propose", "suggest"})
# Cues of backing what is on the table (verbs and nouns).
ENDORSING_CUES = frozenset({"support", "back", "endorse", "welcome", "backing", "endorsement"})
# Verbs of welcoming another party's stance, and the nouns of that stance: "welcomed Trump's
# willingness to contribute to security guarantees" wants them too.
PRAISE_VERBS = frozenset({"welcome", "praise", "hail", "applaud", "laud", "commend", "salute"})
STANCE_NOUNS = frozenset({"willingness", "readiness", "commitment", "effort", "offer",
                          "pledge", "determination", "openness", "decision", "proposal"})
# Nouns of an encounter whose parties a relative clause's "they" stands for ("a phone call
# between Trump and Putin, during which they agreed …").
EVENT_NOUNS = frozenset({"call", "conversation", "meeting", "talk", "talks", "summit",
                         "negotiation", "discussion"})
# Verbs of admitting that something is so: "conceded (that) they had not reached a deal" (not
# conceding the thing).
ADMITTING_VERBS = frozenset({"concede", "admit", "acknowledge"})
# Nouns whose infinitive clause is their owner's content, not the act of whoever handles them:
# "a Russian proposal to hand over the territory", "Putin's demand to withdraw".
CONTENT_NOUNS = frozenset({"proposal", "suggestion", "demand", "call", "request", "plan",
                           "idea", "offer", "initiative", "ultimatum"})
# Verbs of giving up a stance: "Trump abandoned his call for an immediate ceasefire" (with a
# position noun as object only: "abandon its NATO bid" is an offer on the issue itself).
DROPPING_VERBS = frozenset({"abandon", "drop", "retract", "shelve"})
# Verbs of cutting down one's part in something: "seeks to reduce its involvement in mediating
# negotiations" refuses them.
REDUCING_VERBS = frozenset({"reduce", "limit", "curb", "cut", "lower", "minimise", "minimize",
                            "scale", "decrease", "diminish"})
INVOLVEMENT_NOUNS = frozenset({"involvement", "role", "participation", "engagement", "presence",
                               "part", "commitment"})
# Verbs of moving off a stance: "moved from his insistence on a rapid ceasefire" gives it up.
MOVING_VERBS = frozenset({"move", "shift", "retreat", "back", "pivot", "step", "walk", "turn",
                          "depart", "drift", "row", "climb"})
# Nouns of danger: "emphasized the risks of conceding territory" warns against conceding it.
RISK_NOUNS = frozenset({"risk", "danger", "peril", "hazard"})
# Verbs of harm: a clause that would harm something ("conceding these territories would
# compromise Ukraine's defensive lines") is refused by whoever says so.
HARM_VERBS = frozenset({
    "compromise", "undermine", "weaken", "endanger", "jeopardize", "jeopardise", "threaten",
    "harm", "damage", "erode", "destabilize", "destabilise", "imperil"})
# Verbs of putting forward a plan of one's own, and the words marking it as a rival to the
# issue's proposal: "the new peace plan proposed by the European Union" refuses the US plan as
# drafted (as the annotations code counter-plans).
AUTHORING_VERBS = frozenset({"propose", "present", "draft", "unveil", "submit", "table",
                             "prepare", "offer", "put"})
RIVAL_WORDS = frozenset({"new", "alternative", "counter", "rival", "own", "revised", "separate"})
# A party's own aims: dropping one concedes the issue ("drop its bid to join NATO").
AIM_NOUNS = frozenset({"bid", "goal", "aim", "ambition", "aspiration", "objective"})
# Nouns of a demand whose "for X to …" clause is made of X: "Putin's demand for Ukraine to
# surrender Donetsk".
DEMAND_NOUNS = frozenset({"demand", "call", "request", "insistence", "ultimatum"})
# Verbs taking up another's demand as one's own: "backing Putin's demand for Ukraine to …".
BACKING_VERBS = frozenset({"back", "support", "endorse", "echo", "embrace", "adopt"})
# Changes a party proposes to a plan: "the amendments proposed by Kyiv" are not Kyiv's offer of
# the plan they change.
AMENDMENT_NOUNS = frozenset({"amendment", "revision", "change", "counter-proposal"})
# Refusal nouns an issue draws from a party: "the plan drew pushback from Kyiv".
PUSHBACK_NOUNS = frozenset({"pushback", "criticism", "opposition", "resistance", "objection"})
# Nouns that make the issue the subject of an offer: "the plan could serve as a basis".
BASIS_NOUNS = frozenset({"basis", "foundation"})
# Verbs that make the clause below them a demand on another party: "X insisted that Y …",
# "X urged Y to …", "X gave Y until … to …", "X wants Y to …".
DEMAND_VERBS = frozenset({
    "insist", "demand", "urge", "press", "push", "pressure", "require", "ask", "tell", "call",
    "force", "give", "want", "need", "expect", "order", "instruct", "warn",
})
# Reporting verbs: a "must"/"should" clause under them is the reporter's demand on its subject.
REPORT_VERBS = frozenset({
    "say", "state", "tell", "add", "stress", "emphasise", "emphasize", "note", "declare",
    "insist", "warn", "argue", "claim", "write", "repeat", "reiterate", "underline",
})
# Prepositions that attach circumstances or means, not the object of a position ("approval
# through elections" does not seek elections).
CIRCUMSTANCE_PREPS = frozenset({
    "following", "after", "amid", "despite", "since", "during", "through", "via",
})
MODALS_OF_DEMAND = frozenset({"must", "should"})
# Cue text of a claim on the issue as subject ("Donbass belongs to Russia"): the reporter's want.
CLAIM_PREFIX = "claims: "
# Verbs of a pullback: in a restrictive condition they state a territorial demand.
WITHDRAWAL_VERBS = frozenset({"withdraw", "leave", "pull", "retreat"})
# Verbs whose "against" phrase refuses what it names: "is against", "urged against",
# "warned against", "cautioning against".
AGAINST_VERBS = frozenset({
    "be", "urge", "warn", "caution", "argue", "advise", "speak", "campaign", "lobby", "vote",
})
# Subjects whose clauses are a text's content, not a party's statement ("the plan would require
# Ukraine to cede …").
DOCUMENT_NOUNS = frozenset({
    "plan", "deal", "agreement", "proposal", "draft", "framework", "document", "roadmap",
    "blueprint", "version", "text", "point", "accord", "treaty", "memorandum", "package",
})
RED_LINE_WORDS = frozenset({
    "never", "outright", "categorically", "vehemently", "flatly", "firmly", "unacceptable",
    "non-negotiable", "nonnegotiable", "any",
})
# Verbs of taking what another party gives: accepting a received issue wants it.
ACCEPTING_VERBS = frozenset({"accept", "receive", "obtain", "get"})
# Determiners and marks of a question: "what concessions can Ukraine agree to" states nothing.
QUESTION_WORDS = frozenset({"what", "which", "whether"})
# Nouns an issue word only qualifies ("peace process", "peace settlement", "ceasefire talks"):
# what is talked about is the process, not the issue.
PROCESS_NOUNS = frozenset({
    "process", "settlement", "deal", "agreement", "plan", "framework", "talk", "negotiation",
    "effort", "initiative", "push", "envoy", "summit", "mission", "negotiator", "treaty",
    "accord", "roadmap", "agenda", "track", "conference", "formula", "efforts", "talks", "term",
    "terms",
})
# Nouns of a party's own effort: "Trump's push to end the war", "intensified his efforts to
# end the war", "pursuing diplomatic efforts to resolve the conflict" seek what the clause
# names (a process noun otherwise only frames its clause's purpose).
EFFORT_NOUNS = frozenset({"push", "effort", "efforts", "bid"})
# Breaches an issue word qualifies: "ceasefire violations" are not the ceasefire.
BREACH_NOUNS = frozenset({"violation", "breach"})
# Talks whose "on"/"over" phrase is their topic, not something agreed or sought.
TOPIC_TALK_NOUNS = frozenset({"negotiation", "talk", "talks", "discussion", "consultation"})
TOPIC_TALK_VERBS = frozenset({"negotiate", "talk", "consult"})
# Nouns of a proposal a mutual issue names: "support for the ceasefire initiative" supports a
# ceasefire (a process noun otherwise is what is talked about: "ceasefire talks").
INITIATIVE_NOUNS = frozenset({"initiative", "plan", "idea", "push", "effort"})
# Nouns of an agreement: "a ceasefire agreement" is a ceasefire, agreed.
AGREEMENT_NOUNS = frozenset({"agreement", "deal", "accord", "arrangement", "pact"})
# Nouns of something settled that may be missing: "there was still no agreement on giving up
# territory" gives nothing up.
SETTLED_NOUNS = frozenset({"agreement", "consensus", "understanding", "deal", "decision"})
HEDGE_WORDS = frozenset({"may", "might", "could", "some", "partly", "partially"})
# Adverbs of a guess: "Putin probably wants us to leave" is the speaker's guess about another's
# mind, not a position anybody states.
SPECULATION_WORDS = frozenset({"probably", "perhaps", "maybe", "possibly", "presumably"})
# Verbs of belief: a position in their clause, held by another subject, is a guess about it.
BELIEF_VERBS = frozenset({"believe", "think", "fear", "suspect", "assume", "sense", "feel",
                          "doubt", "predict", "anticipate",
                          # "tried to convince him that Russia is interested in ending the
                          # war": a claim about another's mind, pressed on a third
                          "convince", "persuade"})
# Nouns of belief whose "that" clause is one party's guess about another's act: "voiced doubt
# that Putin would accept the guarantees" is no want of Putin's.
BELIEF_NOUNS = frozenset({"belief", "doubt", "fear", "suspicion", "assumption", "concern",
                          "worry", "speculation"})
# Nouns of hope: "expressed hope that Putin would agree to a ceasefire" is the hoper's want of
# it, made of Putin (as "hopes that Putin will agree", a clause frame, is).
HOPE_NOUNS = frozenset({"hope", "expectation", "confidence", "optimism"})
# Verbs of judging a thing by an adjective: "called the ceasefire proposal positive", "deeming
# the amendments unacceptable", "described the plan as doable".
EVALUATING_VERBS = frozenset({
    "call", "deem", "consider", "find", "describe", "label", "view", "regard", "brand", "term",
    "judge", "characterize", "characterise", "see",
})
# Adjectives of such a judgment, and the stance they state on what is judged.
EVALUATIONS = {
    "acceptable": "offers", "positive": "offers", "encouraging": "offers", "doable": "offers",
    "workable": "offers", "viable": "offers", "suitable": "offers", "realistic": "offers",
    "reasonable": "offers",
    "unacceptable": "refuses", "unconstructive": "refuses", "negative": "refuses",
    "unworkable": "refuses", "unrealistic": "refuses", "unfair": "refuses",
    "manipulative": "refuses", "absurd": "refuses", "meaningless": "refuses",
    "pointless": "refuses", "futile": "refuses", "useless": "refuses", "illegitimate": "refuses",
    "worthless": "refuses",
}
# Nouns of such a judgment after "as": "would be considered as legal targets", "sees it as a
# threat".
EVALUATION_NOUNS = {"target": "refuses", "threat": "refuses", "provocation": "refuses",
                    "obstacle": "refuses", "nonstarter": "refuses", "non-starter": "refuses"}
# Adjectives that state a stance only when denied: "is not constructive", "is not suitable for
# us" refuse; the bare words mostly describe the mood of talks, not a position.
DENIED_EVALUATIONS = frozenset({
    "constructive", "suitable", "productive", "helpful", "satisfied", "viable", "workable",
})
# "too favorable to Moscow": a judgment of excess that refuses what it judges.
EXCESS_WORDS = frozenset({
    "favorable", "favourable", "accommodating", "generous", "lenient", "weighted", "soft",
    "pro-russian", "one-sided",
})
# Verbs and nouns of ending, and what they end: "end the nearly four-year war".
END_WORDS = frozenset({"end", "stop", "halt", "resolve", "resolution", "cessation", "finish"})
WAR_NOUNS = frozenset({"war", "conflict", "fighting", "hostility", "hostilities", "bloodshed",
                       "killing", "invasion", "aggression"})
# Verbs and nouns of meeting: with a party as object they name direct talks.
MEETING_WORDS = frozenset({"meet", "meeting", "summit"})
# Nouns that make what they are said of a want: "made ending the war a priority".
PRIORITY_NOUNS = frozenset({"priority", "goal", "aim", "objective"})
# Verbs of a threatened loss: "or face losing more territory" states no position on it.
THREAT_VERBS = frozenset({"face", "risk"})
# Verbs of threatening something on another party: "threatened to impose sanctions", "warned
# of tougher sanctions" want more of them.
THREATEN_VERBS = frozenset({"threaten", "warn", "vow"})
# The side whose sanctions the sanctions_relief issue is about.
SANCTIONED = "russia"
# Adjectives of "it is important that …": the clause is the speaker's want of its subject.
IMPORTANCE_WORDS = frozenset({"important", "essential", "crucial", "vital", "necessary", "key"})
# Nouns of a possibility: welcoming "the possibility of talks" is openness to them (an offer).
POSSIBILITY_NOUNS = frozenset({"possibility", "prospect", "chance", "option"})
# Subordinators of a condition: "X would accept a ceasefire only if Y withdrew" makes the
# withdrawal X's condition (a demand on Y, a red line), not X's offer of a ceasefire.
CONDITION_MARKS = frozenset({"if", "after", "once", "when"})
EXCLUSIVE_CONDITION_MARKS = frozenset({"unless", "until"})
# Pronouns that stand for the speaker of the surrounding quote, or for an institution.
SPEAKER_PRONOUNS = frozenset({"i", "we", "it", "they", "this"})
# Words of removal: "sanctions" under them names the relief, not the sanctions kept.
REMOVAL_WORDS = frozenset({
    "lift", "lifting", "ease", "easing", "relief", "relieve", "remove", "removal", "cancel",
    "cancellation", "drop", "waive", "waiver", "suspend", "suspension", "end", "relax",
    "relaxation", "scrap", "reduce", "reduction", "loosen", "unfreeze", "exemption", "exempt",
    "roll", "repeal", "revoke", "rollback", "adjust", "adjustment", "soften", "unwind",
})
# Verbs of more of a thing with a party subject: "Europe will increase the pressure of
# sanctions", "tighten sanctions" (a threat such as "impose" is left out).
MORE_VERBS = frozenset({
    "increase", "tighten", "intensify", "expand", "strengthen", "toughen", "step", "ramp",
    "maintain", "keep", "extend", "escalate", "impose", "slap", "announce", "introduce", "adopt",
})
# Verbs of speaking about a thing without taking a stand on it: "refused to elaborate on the
# negotiations", "agreed not to disclose the substance of the talks".
ABOUT_VERBS = frozenset({"elaborate", "comment", "disclose", "reveal", "divulge", "specify",
                         "detail", "speculate", "refer"})
# Nouns of a report a party may deny as fact ("denied Trump's claims about preparations for a
# meeting" refuses no meeting) or decline to confirm (a clause under them is nobody's position).
REPORT_NOUNS = frozenset({"claim", "report", "allegation", "rumor", "rumour", "speculation"})
# Nouns of information about a thing: "gave an assessment of the guarantees" offers none.
ABOUT_NOUNS = frozenset({"assessment", "update", "briefing", "account", "readout",
                         "information", "analysis", "evaluation"})
# Prepositions of a destination a party is pushed to ("push Putin toward negotiations").
TOWARD_PREPS = frozenset({"toward", "towards", "to", "into"})
# Nouns of answering: "a reply to the truce declaration" is not the truce.
RESPONSE_NOUNS = frozenset({"reply", "response", "answer", "reaction"})
# Verbs by which a deal contains its terms, the nouns of a deal still to be made, and the words
# that mark it as such: "a potential deal would involve land swaps".
TERMS_VERBS = frozenset({"involve", "include", "require", "entail", "mean", "contain"})
TERMS_PATH_DEPS = frozenset({"dobj", "pobj", "prep", "ccomp", "pcomp", "compound", "amod"})
DEAL_NOUNS = frozenset({"deal", "agreement", "settlement", "accord", "treaty"})
PROSPECTIVE_WORDS = frozenset({"a", "an", "any", "potential", "possible", "final", "future",
                               "eventual", "lasting", "durable"})
SAYING_VERBS = frozenset({"say", "state", "tell", "add", "stress", "note", "declare", "argue",
                          "suggest", "hint", "indicate", "signal", "claim", "announce"})
# Nouns of a condition: what it is "for" is not sought by whoever sets it.
CONDITION_NOUNS = frozenset({"condition", "precondition", "prerequisite"})
# Adjectives that deny their "to" clause: "makes it impossible to cede territory".
IMPOSSIBLE_WORDS = frozenset({"impossible", "unthinkable", "inconceivable"})
MAX_CLIMB = 6  # dependency steps from an issue phrase up to its cue
# Dependency relations through which a cue inherits the subject of its governor.
CLIMB_DEPS = frozenset(
    {"acomp", "xcomp", "conj", "advcl", "pcomp", "prep", "pobj", "advmod", "npadvmod", "acl",
     "dobj"}
)


# Cues of a wish or aim: another side's report of one reads a mind ("Russia wants a deal").
MIND_CUES = frozenset({"want", "wish", "desire", "seek", "intend", "interested", "eager",
                       "keen", "hope", "aim"})


@dataclass(frozen=True)
class Issue:
    """One issue, the phrases that name it, and (optionally) its scale.

    ``anchors`` are ``(value, label)`` points of a 0–100 scale; ``placement`` says where a
    statement of each direction puts its holder on it; ``inverse`` phrases name the opposite
    pole (the extractor turns a stance on them into the opposite stance on the issue: wanting
    territorial integrity refuses territorial concessions); ``aliases`` are ids model files use
    for the issue;
    ``received`` marks what one party gives another (guarantees): accepting it wants it;
    ``proposed_by`` names the sides whose proposal the issue is: another side that welcomes or
    backs it accepts it (offers); ``counter`` phrases name what the issue takes away
    ("sanctions" for sanctions relief): wanting more of it refuses the issue; ``mutual``
    marks what the parties do together (a ceasefire, talks): a party's proposal of it is its
    want, not an offer of something of its own — unless its side is in ``conceded_by``, the
    sides that hold out against it, whose proposal of it is a concession (an offer).
    """

    id: str
    name: str
    phrases: tuple[str, ...]
    anchors: tuple[tuple[float, str], ...] = ()
    status_quo: float | None = None
    placement: tuple[tuple[str, float], ...] = ()
    inverse: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    by_side: tuple[tuple[str, tuple[tuple[str, float], ...]], ...] = ()
    received: bool = False
    proposed_by: tuple[str, ...] = ()
    counter: tuple[str, ...] = ()
    mutual: bool = False
    conceded_by: tuple[str, ...] = ()

    def place(
        self, direction: str, side: str | None = None, *, inverse: bool = False
    ) -> float | None:
        """The scale value a statement of ``direction`` implies (None: no placement rule).

        ``side`` picks a side's own placement when the lexicon gives one (``placement_by_side``:
        Russia refusing territorial concessions keeps its claim, 90; Ukraine refusing them keeps
        its land, 10). Wanting or refusing the ``inverse`` pole comes from the extractor already
        turned ("wants territorial integrity" is extracted as refusing territory); a demand on
        it keeps its direction and, with ``inverse`` (its cue ends in :data:`INVERSE_MARK`), is
        placed at 100 − placement — unless the side has a placement of its own for demands,
        which already points its way (Russia's demands on NATO are renunciations, whether they
        name neutrality or membership).

        >>> t = Issue("t", "T", ("territory",), placement=(("demands", 90.0), ("refuses", 20.0)),
        ...           by_side=(("ukraine", (("refuses", 10.0), ("demands", 10.0))),))
        >>> t.place("demands"), t.place("refuses", "ukraine"), t.place("demands", inverse=True)
        (90.0, 10.0, 10.0)
        >>> t.place("demands", "ukraine", inverse=True)
        10.0
        """
        table = dict(self.placement)
        own = dict(dict(self.by_side).get(side, ())) if side is not None else {}
        table.update(own)
        value = table.get(direction)
        if value is not None and inverse and direction not in own:
            return 100.0 - value
        return value


@dataclass
class IssueLexicon:
    """Issues (phrase lists) and direction cues, loaded from YAML.

    >>> lex = IssueLexicon.load(None)
    >>> "sanctions_relief" in lex.issues
    True
    """

    issues: dict[str, Issue]
    cues: dict[str, str]  # "lemma" or "lemma particle" -> direction
    path: Path | None = None
    _compiled: dict[int, PhraseMatcher] = field(default_factory=dict, repr=False)
    _inflected: dict[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> IssueLexicon:
        """Read a lexicon file (``None``: the packaged 2025 lexicon)."""
        source = Path(path) if path is not None else PACKAGED
        data = read_yaml(source)
        return cls.from_dict(data, path=source)

    @classmethod
    def from_dict(cls, data: Any, *, path: Path | None = None) -> IssueLexicon:
        """Validate parsed YAML into a lexicon."""
        file = str(path) if path is not None else None
        if not isinstance(data, dict) or not isinstance(data.get("issues"), list):
            raise InputError("expected a mapping with an 'issues' list", file=file, field="issues")
        issues: dict[str, Issue] = {}
        for entry in data["issues"]:
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                raise InputError("each issue needs an id", file=file, field="issues")
            phrases = entry.get("phrases")
            if not isinstance(phrases, list) or not phrases:
                raise InputError(
                    "expected a non-empty list", file=file, field=f"{entry['id']}.phrases"
                )
            if entry["id"] in issues:
                raise InputError(f"duplicate issue id {entry['id']!r}", file=file, field="id")
            issues[entry["id"]] = _issue_from(entry, phrases, file)
        cues: dict[str, str] = {}
        raw_cues = data.get("cues") or {}
        if not isinstance(raw_cues, dict):
            raise InputError("expected a mapping of direction to cue list", file=file,
                             field="cues")
        for direction, words in raw_cues.items():
            if direction not in LEXICON_DIRECTIONS:
                raise InputError(
                    f"direction must be one of {', '.join(LEXICON_DIRECTIONS)} (a demand is a "
                    f"want with a target party, found from the parse), got {direction!r}",
                    file=file, field="cues",
                )
            for word in words or []:
                cues[" ".join(str(word).lower().split())] = direction
        if not cues:
            raise InputError("no direction cues", file=file, field="cues")
        return cls(issues, cues, path)

    def resolve(self, issue_id: str) -> Issue | None:
        """The issue with this id or alias (model files may say ``nato`` for
        ``nato_membership``)."""
        if issue_id in self.issues:
            return self.issues[issue_id]
        return next((i for i in self.issues.values() if issue_id in i.aliases), None)

    def matcher(self, vocab: Vocab) -> PhraseMatcher:
        """The issue PhraseMatcher for this vocabulary (compiled once, then cached)."""
        key = id(vocab)
        if key not in self._compiled:
            import spacy
            from spacy.matcher import PhraseMatcher

            tokenizer = spacy.blank("en", vocab=vocab).tokenizer
            matcher = PhraseMatcher(vocab, attr="LOWER")
            for issue in self.issues.values():
                matcher.add(issue.id, [tokenizer(p) for p in issue.phrases])
            self._compiled[key] = matcher
        return self._compiled[key]

    def _inflections(self) -> dict[str, str]:
        """Regular inflections of the one-word cues ("hoped", "hopes", "hoping" → "hope")."""
        if not self._inflected:
            for cue in self.cues:
                if " " in cue:
                    continue
                stem = cue[:-1] if cue.endswith("e") else cue
                for form in (cue + "s", cue + "es", cue + "d", cue + "ed", stem + "ed",
                             stem + "ing", cue + "ing"):
                    self._inflected.setdefault(form, cue)
        return self._inflected

    def cue_direction(self, token: Token) -> tuple[str, str] | None:
        """``(direction, cue text)`` when ``token`` is a cue (with its particle, if any).

        Besides the lexicon's verbs and adjectives: an owned position noun ("Putin's demand
        for …"), and "must"/"should" on a verb ("Kyiv must surrender …": a want that a
        governing verb may turn into a demand on Kyiv).
        """
        lemma = token.lemma_.lower()
        if token.pos_ in ("NOUN", "PROPN"):
            if token.lower_ == "plans" and _voicer(token) is not None:
                return "wants", token.text  # "announced plans for a meeting between …"
            if lemma in NOUN_CUES and _owner(token) is not None:
                if lemma == "need" and any(
                    t.dep_ in ("acl", "relcl", "xcomp", "ccomp")
                    and any(a.dep_ == "aux" and a.lower_ == "to" for a in t.children)
                    for t in token.subtree
                ):
                    return None  # "the need for the plan to align with …": a condition on it
                if lemma == "openness" and not any(c.dep_ == "poss" for c in token.children):
                    return None  # "signals openness" is the writer's reading; "our openness"
                if any(c.dep_ in ("det", "amod") and c.lower_ in ("no", "little")
                       for c in token.children):
                    # "Russia has shown little willingness to enter talks"
                    return FLIP[NOUN_CUES[lemma]], f"{token.text} (little)"
                return NOUN_CUES[lemma], token.text
            return None
        if token.pos_ not in ("VERB", "ADJ", "AUX"):
            return None
        passive = any(c.dep_ == "auxpass" for c in token.children)
        if lemma == "back" and any(
            c.dep_ in ("advmod", "prt") and c.lower_ in ("away", "down", "off")
            for c in token.children
        ):
            return None  # "not backing away from its claims": a retreat (or none), not support
        if lemma in EVALUATING_VERBS and (judged := _evaluation_of(token)) is not None:
            return judged  # "called the ceasefire proposal positive"
        if token.pos_ == "ADJ" and lemma in DENIED_EVALUATIONS and _negated(token):
            return "offers", token.text  # "is not constructive" (the negation flips it)
        if token.pos_ == "ADJ" and lemma in EXCESS_WORDS and any(
            c.dep_ == "advmod" and c.lower_ == "too" for c in token.children
        ):
            return "refuses", f"too {token.text}"  # "considered too favorable to Moscow"
        if lemma == "work" and _negated(token) and any(
            c.dep_ == "prep" and c.lower_ == "for" and any(
                g.dep_ == "pobj" and (g.pos_ == "PRON" or g.pos_ == "PROPN") for g in c.children)
            for c in token.children
        ):
            return "offers", f"{token.text} for"  # "does not work for us" (flipped by the not)
        if lemma == "make" and any(
            t.dep_ in ("oprd", "dobj", "ccomp", "attr") and t.lemma_.lower() in PRIORITY_NOUNS
            and (t.head.i == token.i or t.head.head.i == token.i)
            for t in token.subtree
        ):
            return "wants", f"{token.text} … a priority"  # "has made ending the war a priority"
        if lemma == "interested" and any(
            c.dep_ == "advmod" and c.lower_ in ("less", "little") for c in token.children
        ):
            return None  # "Russia seemed less interested in talks": a reading, not a stance
        if lemma == "suggest" and not _party_subject(token):
            return None  # "the data suggests that …": evidence, not a party's proposal
        if lemma == "claim" and any(c.dep_ == "dobj" for c in token.children):
            return "wants", token.text  # "Putin claims four regions" (not "claims that …")
        if lemma == "belong" and any(
            c.dep_ == "prep" and c.lower_ == "to" and any(g.dep_ == "pobj" for g in c.children)
            for c in token.children
        ):
            # "Donbass belongs to Russia": a claim of whoever says it
            return "wants", f"{CLAIM_PREFIX}{token.text} to"
        if lemma == "be" and any(c.dep_ == "expl" for c in token.children) and any(
            c.dep_ == "aux" and c.lower_ in ("will", "'ll", "’ll") for c in token.children
        ) and not _negated(token):
            # "There'll be some swapping of territories", said by a party: what it foresees
            # and backs
            return "wants", f"{CLAIM_PREFIX}there will be"
        if lemma == "be" and any(c.dep_ == "expl" for c in token.children) and any(
            c.dep_ == "aux" and c.lower_ in MODALS_OF_DEMAND for c in token.children
        ):
            # "there should be a ceasefire", said by a party: what it wants (negated, refuses)
            if _negated(token):
                return "offers", f"{CLAIM_PREFIX}there should be"  # flipped by the negation
            return "wants", f"{CLAIM_PREFIX}there should be"
        if lemma in WITHDRAWAL_VERBS and _negated(token) and any(
            c.dep_ in ("dobj", "prep") for c in token.children
        ):
            # "we will not leave Donbas": refusing to pull out (flipped by the negation); a
            # pullback that is not negated is left to the demand and condition rules
            return "offers", token.text
        if lemma == "aim" and token.dep_ == "acl":
            return None  # "talks aimed at ending the war": the talks' purpose, nobody's want
        if lemma == "consider" and any(
            c.dep_ == "ccomp" or (c.dep_ in ("xcomp", "oprd") and c.lemma_.lower() == "be")
            for c in token.children
        ):
            return None  # "we consider accession to be part of the guarantees": a judgment
        if lemma in ("expect", "schedule", "arrange", "organize", "organise") and (
            passive or (token.tag_ == "VBN" and token.dep_ in ("acl", "advcl"))
            or (token.dep_ == "pcomp" and token.head.lower_ == "with")  # "with X scheduled to"
        ):
            # "Umerov is expected to travel …", "talks are scheduled for Monday": others'
            # expectation or a timetable, no position
            return None
        if lemma == "like" and any(
            c.dep_ == "aux" and c.lower_ in ("would", "'d", "’d") for c in token.children
        ):
            return "wants", f"would {token.text}"  # "would like to see the war ended"
        if lemma == "like" and token.pos_ == "VERB" and _negated(token):
            return "offers", token.text  # "may not like the amendments" (flipped by the not)
        if passive and self.cues.get(lemma) == "offers" and any(
            c.dep_ == "aux" and c.lower_ in MODALS_OF_DEMAND for c in token.children
        ):
            # "any decision on territory must be approved by a referendum": a demand on the
            # approval, not an offer
            return "wants", f"must {token.text}"
        if lemma == "push" and token.pos_ == "VERB" and any(
            c.dep_ == "xcomp" for c in token.children
        ) and not any(c.dep_ == "prt" for c in token.children):
            return "wants", token.text  # "is pushing to end the war" (not "pushed back")
        if token.pos_ == "VERB" and lemma not in self.cues and any(
            c.dep_ == "aux" and c.lower_ in MODALS_OF_DEMAND for c in token.children
        ):
            return "wants", f"must {token.text}"
        if lemma == "discuss" and any(c.dep_ == "auxpass" for c in token.children) and any(
            c.dep_ == "aux" and c.lower_ in ("can", "could") for c in token.children
        ):
            return "offers", f"can be {token.text}"  # "some proposals can be discussed"
        if lemma == "need" and not _first_person(_subject(token)) and any(
            c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            for c in token.children
        ):
            # "Ukraine needs to pull out its troops": an obligation, like "must" — the demand of
            # whoever reports it on its subject, the writer's own nobody's
            return "wants", f"must {token.text}"
        doc = token.doc
        if token.i + 1 < len(doc):
            nxt = doc[token.i + 1].lower_
            two = f"{lemma} {nxt}"
            if two in self.cues:
                return self.cues[two], f"{token.text} {doc[token.i + 1].text}"
        for child in token.children:
            if child.dep_ == "prt":
                two = f"{lemma} {child.lower_}"
                if two in self.cues:
                    return self.cues[two], f"{token.text} {child.text}"
        if lemma in self.cues:
            return self.cues[lemma], token.text
        # The small model mis-lemmatises some forms ("hoped" → "hop"): try the word itself
        # against the cues' regular inflections.
        base = self._inflections().get(token.lower_)
        if base is not None and token.pos_ == "VERB":
            return self.cues[base], token.text
        # "is prepared for": the participle is tagged VERB with lemma "prepare"; the
        # lexicon lists the adjective form.
        if token.tag_ == "VBN" and token.lower_ in self.cues:
            return self.cues[token.lower_], token.text
        return None


def _issue_from(entry: dict[str, Any], phrases: list[Any], file: str | None) -> Issue:
    """One lexicon entry, its optional scale validated (0–100, known directions)."""
    iid = entry["id"]

    def number(value: Any, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
            raise InputError(f"expected a number from 0 to 100, got {value!r}", file=file,
                             field=f"{iid}.{where}")
        return float(value)

    scale = entry.get("scale") or {}
    anchors = tuple(
        (number(a.get("value"), "scale.anchors"), str(a.get("label", "")))
        for a in (scale.get("anchors") or [])
    )
    placement_raw = entry.get("placement") or {}
    if not isinstance(placement_raw, dict):
        raise InputError("expected a mapping of direction to value", file=file,
                         field=f"{iid}.placement")
    for key in placement_raw:
        if key not in DIRECTIONS:
            raise InputError(f"direction must be one of {', '.join(DIRECTIONS)}, got {key!r}",
                             file=file, field=f"{iid}.placement")
    by_side_raw = entry.get("placement_by_side") or {}
    if not isinstance(by_side_raw, dict):
        raise InputError("expected a mapping of side to placement", file=file,
                         field=f"{iid}.placement_by_side")
    by_side = []
    for side, table in by_side_raw.items():
        if not isinstance(table, dict) or any(k not in DIRECTIONS for k in table):
            raise InputError(f"expected a mapping of {', '.join(DIRECTIONS)} to values",
                             file=file, field=f"{iid}.placement_by_side.{side}")
        by_side.append((str(side), tuple(
            (k, number(v, f"placement_by_side.{side}.{k}")) for k, v in table.items())))
    sq = entry.get("status_quo")
    return Issue(
        iid, str(entry.get("name") or iid), tuple(str(p) for p in phrases), anchors,
        number(sq, "status_quo") if sq is not None else None,
        tuple((k, number(v, f"placement.{k}")) for k, v in placement_raw.items()),
        tuple(str(p) for p in entry.get("inverse") or []),
        tuple(str(a) for a in entry.get("aliases") or []),
        tuple(by_side),
        bool(entry.get("received", False)),
        tuple(str(a) for a in entry.get("proposed_by") or []),
        tuple(str(c).lower() for c in entry.get("counter") or []),
        bool(entry.get("mutual", False)),
        tuple(str(c) for c in entry.get("conceded_by") or []),
    )


@dataclass
class _Reading:
    """One document while its statements are read: the parse, its mentions and quotes
    (``quotes`` in text order, ``q_starts`` their starts, ``excluded`` the spans of direct
    quotes), and the statements found so far (``out``, and ``seen`` their keys)."""

    doc: Doc
    index: MentionIndex
    mentions: Sequence[Mention]
    quotes: Sequence[Quote]
    q_starts: list[int]
    excluded: list[tuple[int, int]]
    out: list[PositionStatement]
    seen: set[tuple[int, str | None, str, str]]


class PositionExtractor:
    """Find position statements; explicit parameters, plain results.

    ``registry`` maps spokespeople to principals and gives genders for pronouns (default: the
    packaged 2025 registry — pass the one your mentions were resolved with); ``max_climb``
    bounds the dependency walk from an issue phrase up to its cue; ``keep_unattributed``
    keeps statements whose actor could not be found (actor_id None); ``model`` adds the
    learned pass's statements (:mod:`accord.extract.position_model`; off by default) where the
    rules stated nothing on an issue a sentence names.
    """

    def __init__(
        self,
        lexicon: IssueLexicon,
        registry: ActorRegistry | None = None,
        *,
        max_climb: int = MAX_CLIMB,
        keep_unattributed: bool = False,
        model: LogisticModel | None = None,
    ) -> None:
        self.keep_unattributed = keep_unattributed
        self.model = model
        self.lexicon = lexicon
        self.registry = registry if registry is not None else default_registry()
        self.max_climb = max_climb

    def extract(
        self, doc: Doc, mentions: Sequence[Mention], quotes: Sequence[Quote]
    ) -> list[PositionStatement]:
        """Statements in text order, one per (sentence, actor, issue, direction)."""
        index = MentionIndex(mentions)
        ordered = sorted(quotes, key=lambda q: (q.start, q.end))
        q_starts = [q.start for q in ordered]
        excluded = [(q.start, q.end) for q in ordered if q.kind == "direct"]
        out: list[PositionStatement] = []
        seen: set[tuple[int, str | None, str, str]] = set()
        page = _Reading(doc, index, mentions, ordered, q_starts, excluded, out, seen)
        matches = _proposals_for_issues(doc, list(self.lexicon.matcher(doc.vocab)(doc)))
        roots = {doc[s:e].root.i: doc.vocab.strings[m] for m, s, e in matches}
        extra = [*_anaphora(doc, matches), *self._meetings(doc, matches, index),
                 *self._war_endings(doc, matches)]
        named_at = [(doc.vocab.strings[m], s) for m, s, _ in [*matches, *extra]]
        for match_id, start, end in [*matches, *extra]:
            issue = doc.vocab.strings[match_id]
            phrase = doc[start:end]
            if phrase.root.dep_ == "poss":
                continue  # "the plan's concessions were rejected": the concessions are
            known = self.lexicon.resolve(issue)
            if phrase.root.dep_ == "nsubj" and (
                phrase.root.head.lemma_.lower() in TERMS_VERBS - {"mean"}
            ) and any(m != match_id and s > phrase.root.head.i for m, s, _ in matches):
                # "any peace plan must include guarantees": the plan frames the terms named
                # after it, which are the stance; the plan itself is neither sought nor offered
                continue
            if _modifier_only(phrase, matches, mutual=known is not None and known.mutual) or (
                _wanted_against_itself(phrase, issue, roots)
            ) or (
                _on_terms_of(phrase.root)
            ):
                continue  # "peace" in "a peace settlement": the settlement is the object
            self._agent_of_participle(page, phrase.root, issue,
                                      counter=self._counter_pole(issue, phrase))
            if not self._counter_pole(issue, phrase):
                self._relative_stance(page, phrase, issue, named_at)
            self._proposed_from(page, phrase.root, issue)
            found = self._cue_for(phrase.root, issue)
            counter = self._counter_pole(issue, phrase)
            if found is None and counter and (
                more := _more_of(phrase.root, index, self.side)
            ) is not None:
                found = (more, "wants", more.text)  # "Europe will increase the sanctions"
            if found is None:
                self._deal_terms(page, phrase.root, issue)
                if issue == "territory":
                    self._withdrawal_condition(page, phrase.root)
                continue
            cue, direction, cue_text = found
            proposing = None
            if direction == "offers" and cue.lemma_.lower() in (
                PROPOSING_NOUNS | PROPOSING_VERBS
            ) and (
                (found_issue := self.lexicon.resolve(issue)) is not None and found_issue.mutual
            ):
                # "a U.S. proposal for a ceasefire": the US wants one (a side in the issue's
                # ``conceded_by`` offers it; decided per holder below)
                direction, proposing = "wants", found_issue
            self._owned_proposal(page, phrase.root, cue, issue)
            if _rejected_alternative(phrase.root, cue):
                if direction == "refuses":
                    continue  # "rejects X, not a ceasefire": which way is unclear
                # "we want to work for peace, not a ceasefire": the ceasefire is refused
                direction, cue_text = "refuses", f"{cue_text} … not"
            if direction == "refuses" and _harmed_by_those_refused(phrase.root, cue):
                # "criticizing warmongers who undermine the peace plan": refusing those who
                # harm the issue wants it
                direction, cue_text = "wants", f"{cue_text} … {phrase.root.head.text}"
            if direction == "wants" and _possibility_of(phrase.root, cue):
                direction = "offers"  # "welcomed the possibility of talks": open to them
            if _questioned(phrase.root, cue):
                continue  # "what concessions can Ukraine agree to": a question, not a stand
            if direction == "offers" and (
                _exchanged_for(phrase.root, cue) or cue.lemma_.lower() in ACCEPTING_VERBS
                or (cue.lemma_.lower() in EVALUATING_VERBS and _evaluation_of(cue) is not None)
            ) and (found_issue := self.lexicon.resolve(issue)) is not None and (
                found_issue.received
            ):
                # "willing to accept guarantees", "forgo X in exchange for guarantees": the
                # holder wants what it would receive, it does not offer it
                direction = "wants"
            if direction == "offers" and _precondition_of_other(cue):
                continue  # "Kyiv must withdraw before Russia would consider a ceasefire"
            if direction in ("offers", "wants") and _deferred(cue):
                continue  # "guarantees before considering any negotiations": not yet
            if _accused_of(cue):
                continue  # "accused Russia of rejecting the ceasefire": a charge, not a stance
            if _topic_of_talks(cue):
                continue  # "no agreement on giving up territory": what is talked about
            if _document_content(cue, phrase.root):
                # "the plan would require Ukraine to cede …": the text's content; but a deal
                # still to be made, said to contain it, is the sayer's demand
                self._deal_terms(page, phrase.root, issue)
                continue
            if direction in ("offers", "wants") and _required_of(cue):
                continue  # "Kyiv would no longer be required to cede territory": not its offer
            if direction == "offers" and _obligation(cue) and not _first_person(_subject(cue)):
                # "Ukraine has to give up the Donbas": an obligation someone states, never
                # Ukraine's offer; the writer's own is nobody's position (as with "must")
                cue_text = f"must {cue_text}"
                direction = "wants"
            issue_subject = phrase.root.dep_ == "nsubj" and phrase.root.head.i == cue.i
            evaluator = None
            if issue_subject and cue.pos_ == "ADJ" and cue.dep_ in ("ccomp", "xcomp", "oprd") and (
                cue.head.lemma_.lower() in EVALUATING_VERBS
            ):
                # "deeming the amendments unacceptable": the judge holds the stance
                issue_subject, evaluator = False, cue.head
            if issue_subject and cue_text.endswith("work for"):
                issue_subject = False  # "the plan does not work for us": the speaker judges it
            if issue_subject and not (
                cue_text.startswith(("must ", CLAIM_PREFIX)) and _reporter(cue) is not None
            ):
                # "the plan required more work": the issue acts, nobody states it; but "X
                # insisted that any talks must occur behind closed doors" is X's want
                continue
            if _speculated(cue) or _disowned_report(cue) or _superseded(cue) or _hypothetical(cue):
                continue
            if self._inside_other_issue(phrase.root, cue, matches, start):
                continue  # "open to negotiations to end the war": the talks are offered
            condition = _condition_on(phrase.root, cue)
            if condition is None and _restrictive_condition(cue) and (
                outer := self.lexicon.cue_direction(cue.head)
            ) is not None:
                # "would agree to a truce only if Kyiv gave up Luhansk": the cue inside the
                # condition is the other party's act; the condition is the outer holder's
                condition, cue, cue_text = cue, cue.head, outer[1]
            elif condition is None and _restrictive_condition(cue) and cue.head.pos_ == "VERB" and (
                _own_subject(cue.head) is not None
            ):
                # "he signalled willingness …, but only if the US provides guarantees": what
                # the condition's subject would do is the outer subject's condition on it
                condition, cue, cue_text = cue, cue.head, f"only {cue_text}"
            if condition is None and direction == "refuses" and (
                withheld := _withheld_unless(cue, phrase.root)
            ) is not None:
                # "America would not provide guarantees unless Europe had strong ones of its
                # own": what the holder withholds until another party acts is its demand on
                # that party ("would not meet Putin unless there was a clear purpose" still
                # refuses: no party is asked anything)
                if any(withheld.left_edge.i <= s and e - 1 <= withheld.right_edge.i
                       for _, s, e in matches):
                    continue  # "no ceasefire unless Ukraine withdraws": the condition is the
                    # demand (read from its own phrase), the ceasefire only conditional
                condition = withheld
            if condition is None and direction != "refuses" and _has_condition(cue, phrase.root):
                continue  # the offer holds only under a condition stated beside it
            if self._about_something_else(phrase.root, cue, index):
                continue
            counter_refusal = counter and not _relief_named(phrase.root, cue)
            if counter_refusal:
                if (turned := _counter_turn(direction, cue_text)) is None:
                    continue
                direction, cue_text = turned
            inverse = known is not None and (
                phrase.text.lower() in {p.lower() for p in known.inverse})
            holder_verb, target = evaluator or cue, None
            unframed, denied_demand = direction, False
            receiver = _receiver(phrase.root, known, index)
            proposer = _proposer(phrase.root, index)
            frame = None if issue_subject or evaluator is not None else _demand_frame(
                cue, cue_text.startswith("must ") or any(
                    c.dep_ == "aux" and c.lower_ in MODALS_OF_DEMAND for c in cue.children)
            ) or _clause_below(cue, phrase.root) or (
                _importance_frame(cue)) or _possessor_frame(cue, phrase.root)
            condition_subject = _own_subject(condition) if condition is not None else None
            if condition_subject is not None:
                frame = (cue, condition_subject)
                direction = "demands"
            if frame is not None and frame[0].i != cue.i and _negated(frame[0]) and (
                direction != "refuses" and self.lexicon.cue_direction(frame[0]) is None
            ):
                # "will not pressure Ukraine into ceding territory": the demand is disowned
                direction, cue_text, frame = "refuses", f"not {frame[0].text} … {cue_text}", (
                    frame[0], None)
            if frame is not None:
                holder_verb, target_token = frame
                target = None if target_token is None else self._actor_of(
                    target_token, cue, index, None, excluded)
                if target is not None:
                    target = self.side(target)
                if counter_refusal:
                    target = None  # the refusal is the holder's, not a demand on anybody
                elif direction != "refuses":
                    direction = "demands"
                elif target is not None:
                    # "insisting that Ukraine must not join NATO": a demand made of Ukraine,
                    # as the annotations code it, on the issue's other pole
                    direction, denied_demand = "demands", True
            elif cue_text.startswith("must ") and not _first_person(_subject(cue)) and not (
                issue_subject
            ):
                continue  # the writer's "X must …" is nobody's stated position
            if not counter and _undone(phrase.root):
                inverse = True  # "urging demilitarization reversal": undoing it is its opposite
            named_inverse = inverse
            if denied_demand:
                inverse = not inverse  # "must not abandon neutrality" demands it as named
            if inverse and direction in INVERSE_TURN:
                # "Kyiv's insistence on retaining its territorial integrity": wanting the
                # opposite pole refuses the issue (and refusing it wants the issue); placed as
                # what it now says
                direction, cue_text = INVERSE_TURN[direction], f"{cue_text} (turned)"
            elif inverse and direction == "demands" and target is None:
                # "Ukraine's territorial integrity must be respected": demanding the opposite
                # pole of no party in particular refuses the issue, as wanting it does
                direction, cue_text = "refuses", f"{cue_text} (turned)"
            elif inverse:
                # a demand made of another party keeps its direction, as the annotations do
                # ("requires Ukraine to commit to neutrality" demands it of Ukraine on NATO
                # membership); the mark tells the scale placement it names the other pole
                cue_text = f"{cue_text} {INVERSE_MARK}"
            only = direction == "offers" and any(
                c.dep_ == "advmod" and c.lower_ == "only" and not _before_mark(c)
                for c in cue.children)
            if only:
                direction = "wants"  # "would only consider a settlement with X": X is required
            strength = _strength(cue, holder_verb, phrase, direction)
            if condition is not None or only:
                strength = "red_line"
            for actor in self._actors(holder_verb, index, ordered, q_starts, excluded,
                                      phrase=(start, end)):
                actor, speaker = self._spoken_for(actor, doc, mentions, cue)
                if actor is None and not self.keep_unattributed:
                    continue
                if actor is not None and direction != "demands" and (
                    self._read_mind(actor, cue, ordered)
                ):
                    continue
                said, aimed, said_cue = direction, target, cue_text
                if actor is not None and aimed is not None and self.side(actor) == aimed:
                    # "Ukraine should agree to a deal, Zelensky said": his own side's act is
                    # his stance on it, not a demand made of another party
                    aimed = None
                    if direction == "demands":
                        said = unframed
                        if cue_text.endswith(INVERSE_MARK):
                            # no longer a demand on the other pole: "Ukraine must not give up
                            # territory, Zelensky said" refuses it, as named
                            said_cue = cue_text[: -len(INVERSE_MARK)].rstrip()
                            if named_inverse and said in INVERSE_TURN:
                                said, said_cue = INVERSE_TURN[said], f"{said_cue} (turned)"
                if actor is not None and proposing is not None and said in ("offers", "wants"):
                    # "Trump proposed a 30-day ceasefire" wants it; "Russia proposed a
                    # two-day truce" concedes it, from the side that holds out against it
                    said = "offers" if self.side(actor) in proposing.conceded_by else "wants"
                elif said == "wants" and actor is not None and (
                    cue.lemma_.lower() in ENDORSING_CUES
                    and (known := self.lexicon.resolve(issue)) is not None
                    and self.side(actor) in known.conceded_by
                ):
                    # "Putin expressed conditional support for a ceasefire": the side holding
                    # out against it concedes it
                    said = "offers"
                if said == "wants" and actor is not None and (
                    (known := self.lexicon.resolve(issue)) is not None and known.proposed_by
                    and self.side(actor) not in known.proposed_by
                ):
                    said = "offers"  # "Putin welcomed the plan": he accepts another's proposal
                elif said == "offers" and actor is not None and (
                    (known := self.lexicon.resolve(issue)) is not None
                    and self.side(actor) in known.proposed_by
                ):
                    said = "wants"  # "the proposal approved by Trump": the proposer wants it
                elif said in ("offers", "wants") and actor is not None and (
                    (known := self.lexicon.resolve(issue)) is not None and known.proposed_by
                    and self.side(actor) not in known.proposed_by
                    and cue.lemma_.lower() in AUTHORING_VERBS and _rival(phrase.root)
                ):
                    # "the new peace plan proposed by the European Union": a plan of one's own
                    # refuses the issue's proposal as drafted, open to a deal
                    said = "refuses"
                if said == "wants" and actor is not None and receiver is not None and (
                    self.side(receiver) != self.side(actor)
                    and cue.lemma_.lower() not in DEMAND_VERBS
                ):
                    # "the United States backed binding security guarantees for Ukraine": what
                    # another party is to receive, backed, is offered ("urging guarantees for
                    # Kyiv" asks others for them)
                    said = "offers"
                if said == "wants" and actor is not None and proposer is not None and (
                    self.side(proposer) != self.side(actor)
                    and cue.lemma_.lower() not in DEMAND_VERBS
                ):
                    said = "offers"  # "Putin expressed support for a U.S. ceasefire proposal"
                self._add(page, cue, actor, issue, said, said_cue, aimed,
                          strength if said == direction else _strength(cue, holder_verb, phrase,
                                                                       said), speaker)
        self._or_face(page, matches)
        self._praised_stance(page)
        if self.model is not None:
            from accord.extract.position_model import learned_statements

            out += learned_statements(doc, mentions, quotes, out, self, self.model)
        out.sort(key=lambda p: (p.start, p.issue))
        return out

    def _meetings(
        self, doc: Doc, matches: Sequence[tuple[int, int, int]], index: MentionIndex
    ) -> list[tuple[int, int, int]]:
        """"ruled out meeting Mr Zelenskyy", "ready to meet him", "a meeting with Putin": a verb
        or noun of meeting whose object is a party stands for direct talks, whatever the
        party's title (the lexicon lists only "meet Putin" and its like)."""
        if "direct_talks" not in self.lexicon.issues:
            return []
        key, covered = _issue_key_and_covered(doc, matches, "direct_talks")
        out = []
        for tok in doc:
            if tok.lemma_.lower() not in MEETING_WORDS or tok.i in covered:
                continue
            if tok.lemma_.lower() == "meet" and tok.pos_ != "VERB":
                continue
            objects = [c for c in tok.children if c.dep_ == "dobj"] + [
                g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("with", "between")
                for g in c.children if g.dep_ == "pobj"]
            if any(c.dep_ == "mark" or c.tag_ == "WRB" for c in tok.children):
                continue  # "when he meets Trump": a time, not a meeting anybody seeks
            if any(o.pos_ != "PRON" and _anchor(o, index) is not None for o in objects):
                out.append((key, tok.i, tok.i + 1))
        return out

    def _war_endings(
        self, doc: Doc, matches: Sequence[tuple[int, int, int]]
    ) -> list[tuple[int, int, int]]:
        """"end the nearly four-year war", "an end to the fighting in Donbas", "a durable
        resolution of the Russia-Ukraine war": a verb or noun of ending whose object is the war
        names the ceasefire issue, whatever stands between (the lexicon lists set phrases)."""
        if "ceasefire" not in self.lexicon.issues:
            return []
        key, covered = _issue_key_and_covered(doc, matches, "ceasefire")
        out = []
        for tok in doc:
            if tok.lemma_.lower() not in END_WORDS or tok.i in covered:
                continue
            if tok.pos_ == "VERB" and not any(c.dep_ == "dobj" for c in tok.children) and (
                war := next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")
                             and c.lemma_.lower() in WAR_NOUNS and c.i < tok.i), None)
            ) is not None and war.i not in covered:
                out.append((key, war.i, tok.i + 1))  # "the war must end", "want it to end"
                continue
            if tok.pos_ == "VERB":
                objects = [c for c in tok.children if c.dep_ == "dobj"]
            elif tok.pos_ == "NOUN":
                objects = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in (
                    "to", "of") for g in c.children if g.dep_ == "pobj"]
            else:
                continue
            war = next((o for o in objects if o.lemma_.lower() in WAR_NOUNS), None)
            if war is not None and war.i > tok.i and war.i not in covered:
                out.append((key, tok.i, war.i + 1))
        return out

    def _counter_pole(self, issue: str, phrase: Span) -> bool:
        """The phrase names what the issue takes away ("sanctions" for sanctions relief)."""
        known = self.lexicon.resolve(issue)
        return known is not None and phrase.text.lower() in known.counter

    def _proposed_from(
        self,
        page: _Reading,
        root: Token,
        issue: str,
    ) -> None:
        """"A proposed ceasefire from Ukraine and its allies", "the US-proposed ceasefire": the
        parties it comes from want it."""
        doc, index, mentions, quotes, q_starts, excluded = (
            page.doc, page.index, page.mentions, page.quotes, page.q_starts, page.excluded)
        proposed = next((c for c in root.children
                         if c.dep_ == "amod" and c.lemma_.lower() == "propose"), None)
        if root.pos_ != "NOUN" or proposed is None:
            return
        party = next((g for c in root.children if c.dep_ == "prep" and c.lower_ == "from"
                      for g in c.children if g.dep_ == "pobj"), None) or next(
            (c for c in proposed.children if c.dep_ in ("npadvmod", "compound", "nmod")
             and c.i == proposed.i - 2 and doc[proposed.i - 1].text == "-"), None)
        if party is None:
            return
        enclosing = _enclosing_quote(root.idx, quotes, q_starts)
        known = self.lexicon.resolve(issue)
        for actor in self._holders(party, root, doc, mentions, index, enclosing, excluded):
            if actor is not None and known is not None and self.side(actor) in known.proposed_by:
                continue  # "the US-proposed 28-point plan": its proposer's, named, not a stance
            self._add(page, root, actor, issue, "wants", f"proposed {root.text} from",
                      None, "demand")

    def _owned_proposal(
        self,
        page: _Reading,
        root: Token,
        cue: Token,
        issue: str,
    ) -> None:
        """A party's proposal for the issue, under another party's verb, is also the proposing
        party's want: "Moscow rejected Ukrainian proposals for a ceasefire" — Ukraine wants a
        ceasefire (and Russia refuses it); "dismissed a Russian proposal to hand over the
        territory" — Russia wants the territory."""
        doc, index, mentions, quotes, q_starts, excluded = (
            page.doc, page.index, page.mentions, page.quotes, page.q_starts, page.excluded)
        noun = _proposal_of(root)
        if noun is None:
            return
        if noun.i == cue.i or noun.pos_ != "NOUN" or noun.lemma_.lower() not in (
            "proposal", "suggestion", "call", "demand", "plan"
        ) or _owner(noun) is None:
            return
        if (noun.dep_ == "dobj" and noun.head.lemma_.lower() in DROPPING_VERBS) or (
            _moved_away_from(noun)
        ):
            return  # "abandoned his call for a ceasefire", "shifted away from his demand for
            # a ceasefire": the call is given up (the retreat is read at "away")
        for actor in self._actors(noun, index, quotes, q_starts, excluded):
            if actor is None:
                continue
            if actor in self.registry:
                actor = self._principal(actor, doc, mentions, noun)
            link = "for" if root.dep_ == "pobj" else "to"
            self._add(page, noun, actor, issue, "wants", f"{noun.text} {link}", None,
                      "demand")

    @staticmethod
    def _add(
        page: _Reading,
        cue: Token,
        actor: str | None,
        issue: str,
        direction: str,
        cue_text: str,
        target: str | None = None,
        strength: str | None = None,
        speaker: str | None = None,
    ) -> None:
        """Record one statement (the cue's sentence, cut at line breaks) unless seen.

        Wanting and demanding are one stance in one sentence ("expected Putin to agree to
        Trump's proposal for a ceasefire"): the first is kept, unless the later one names
        the party the demand is made of."""
        out, seen = page.out, page.seen
        lo, end, text = statement_span(page.doc, cue)
        key = (lo, actor, issue, "wants" if direction == "demands" else direction)
        made = PositionStatement(lo, end, text, actor, issue, direction, cue_text, target,
                                 strength, speaker)
        if key in seen:
            if target is not None:
                for i, old in enumerate(out):
                    if (old.start, old.actor_id, old.issue, old.direction) == (
                        lo, actor, issue, "wants"
                    ):
                        out[i] = made
            return
        seen.add(key)
        out.append(made)

    def _or_face(self, page: _Reading, matches: Sequence[tuple[int, int, int]]) -> None:
        """A demand of the sanctioned side with the threat of sanctions if it is not met
        ("Agree to a 30-day ceasefire by Monday or face massive new sanctions"; "a deadline
        for Russia to accept a deal or face fresh sanctions") also refuses their relief: the
        one who makes the demand threatens them."""
        doc = page.doc
        for match_id, start, end in matches:
            issue = doc.vocab.strings[match_id]
            phrase = doc[start:end]
            if not self._counter_pole(issue, phrase):
                continue
            root = phrase.root
            face = root.head
            if root.dep_ != "dobj" or face.lemma_.lower() not in THREAT_VERBS | {"endure"} or (
                face.dep_ != "conj" or not any(
                    c.dep_ == "cc" and c.lower_ == "or" for c in face.head.children
                ) or _negated(face)
            ):
                continue
            sent = root.sent
            for made in list(page.out):
                if made.direction != "demands" or made.actor_id is None or not (
                    sent.start_char <= made.start < sent.end_char
                ) or made.target is None or self.side(made.target) != SANCTIONED:
                    continue
                if self.side(made.actor_id) == SANCTIONED:
                    continue
                self._add(page, face, made.actor_id, issue, "refuses", f"or {face.text}",
                          strength="demand", speaker=made.speaker)

    def _praised_stance(self, page: _Reading) -> None:
        """Welcoming or praising another party's stance on an issue ("Zelensky welcomed
        Trump's willingness to contribute to security guarantees", "praised Trump's commitment
        to security guarantees") wants the issue too: a statement made of the stance's owner
        is also the welcomer's want."""
        doc = page.doc
        for made in list(page.out):
            if made.actor_id is None or made.direction not in ("offers", "wants"):
                continue
            span = doc.char_span(made.start, made.end, alignment_mode="expand")
            if span is None:
                continue
            for noun in span:
                verb = noun.head
                if noun.lemma_.lower() not in STANCE_NOUNS or noun.dep_ != "dobj" or (
                    verb.lemma_.lower() not in PRAISE_VERBS
                ) or _negated(verb):
                    continue
                owner = next((c for c in noun.children if c.dep_ == "poss"), None)
                subject = _own_subject(verb)
                if owner is None or subject is None:
                    continue
                if self.side(_anchor(owner, page.index) or "") != self.side(made.actor_id):
                    continue
                for praiser in [subject, *_conjuncts(subject)]:
                    actor = _anchor(praiser, page.index)
                    if actor is None or self.side(actor) == self.side(made.actor_id):
                        continue
                    self._add(page, verb, actor, made.issue, "wants", verb.text,
                              strength="openness")

    def _holders(
        self,
        head: Token,
        cue: Token,
        doc: Doc,
        mentions: Sequence[Mention],
        index: MentionIndex,
        enclosing: Quote | None,
        excluded: list[tuple[int, int]],
    ) -> Iterator[str]:
        """The actor ``head`` and each of its conjuncts name (:meth:`_actor_of`), a registry
        actor as the principal it speaks for (:meth:`_principal`); parts naming none are
        skipped."""
        for part in [head, *_conjuncts(head)]:
            actor = self._actor_of(part, cue, index, enclosing, excluded)
            if actor is None:
                continue
            yield self._principal(actor, doc, mentions, cue) if actor in self.registry else actor

    def _last_pair(self, head: Token, index: MentionIndex) -> list[str]:
        """The last two parties (by side) named before ``head`` in its sentence or the one
        before; none unless there are two. "All parties" are every party named there."""
        sent = head.sent
        doc = head.doc
        earliest = doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
        # a bare "the two" after "Trump called Putin" are the people; "the two sides", "both
        # leaders", "the parties" any party
        people = head.lower_ in ("two", "both")
        every = any(c.dep_ == "det" and c.lower_ == "all" for c in head.children)
        found: dict[str, str] = {}
        for m in index.before(head.idx):
            if m.start < earliest:
                break
            if not m.actor_id or m.actor_id not in self.registry or (
                people and self.registry.get(m.actor_id).kind != "person"
            ):
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            root = span.root if span is not None else None
            if root is not None and root.dep_ == "pobj" and root.head.lower_ not in (
                "with", "between", "by"
            ):
                continue  # "the war in Ukraine" names no party that acts
            found.setdefault(self.side(m.actor_id), m.actor_id)
            if len(found) == 2 and not every:
                return list(found.values())
        return list(found.values()) if every and len(found) >= 2 else []

    def _event_pair(self, subject: Token, index: MentionIndex) -> list[str]:
        """The parties of the call or meeting whose relative clause "they" is the subject of:
        "a phone call between Trump and Putin, during which they agreed …", "Trump revealed a
        call with Putin, during which they agreed …"; none unless two sides are named."""
        verb = subject.head
        if subject.lower_ != "they" or subject.dep_ != "nsubj" or verb.dep_ != "relcl" or (
            verb.head.lemma_.lower() not in EVENT_NOUNS
        ):
            return []
        noun = verb.head
        tokens: list[Token] = []
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ in ("between", "with"):
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        tokens += [obj, *obj.conjuncts]
                if prep.lower_ == "with":
                    # the other party: the noun's owner, or the subject of the verb it is the
                    # object of ("Trump revealed a call with Putin")
                    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
                    if owner is None and noun.dep_ == "dobj":
                        owner = _own_subject(noun.head)
                    tokens += [owner] if owner is not None else []
        found: dict[str, str] = {}
        for token in tokens:
            actor = _anchor(token, index)
            if actor is not None and actor in self.registry:
                found.setdefault(self.side(actor), actor)
        return list(found.values()) if len(found) >= 2 else []

    def _read_mind(self, actor: str, cue: Token, quotes: Sequence[Quote]) -> bool:
        """A wish of ``actor`` that another side's speaker reports: "Russia wants to make a
        deal," Trump said — his reading of another's mind, not its stated position; so is his
        judgement of what it cannot do ("Putin cannot offer real security guarantees," Zelensky
        said). What the speaker quotes the actor as saying stays its own ("Trump said Russia says
        it wants")."""
        if cue.lemma_.lower() not in MIND_CUES and not _cannot(cue) or cue.pos_ == "NOUN":
            return False  # "Trump's desire to stop the bloodshed": named as his
        if any(c.dep_ == "dobj" and c.pos_ in ("PROPN", "PRON") for c in cue.children) or any(
            g.dep_ == "nsubj" for c in cue.children if c.dep_ in ("ccomp", "xcomp")
            for g in c.children
        ):
            return False  # "Putin wants Ukraine to withdraw": a demand relayed, not a mind read
        for q in quotes:
            if not q.start <= cue.idx < q.end:
                continue
            speaker = q.on_behalf_of or q.actor_id
            if speaker is None or self.side(speaker) == self.side(actor):
                return False
            return not any(a.lemma_.lower() in SAYING_VERBS and q.start <= a.idx < q.end
                           for a in cue.ancestors)
        return False

    def _spoken_for(
        self, actor: str | None, doc: Doc, mentions: Sequence[Mention], cue: Token
    ) -> tuple[str | None, str | None]:
        """``(holder, speaker)`` for an actor found at ``cue``: the principal a registered
        person speaks for there, with the person as the speaker (None when they are one)."""
        if actor is None or actor not in self.registry:
            return actor, None
        principal = self._principal(actor, doc, mentions, cue)
        return principal, actor if principal != actor else None

    def _principal(
        self, actor: str, doc: Doc, mentions: Sequence[Mention], cue: Token
    ) -> str:
        """Whose position a statement by ``actor`` is: a person speaks for a principal when the
        text states their role or the registry says so (:mod:`accord.extract.spokespeople`);
        an institution for its registry ``speaks_for``."""
        if self.registry.get(actor).kind != "person":
            return self.registry.principal(actor)
        voiced = voiced_for(actor, doc, mentions, self.registry, upto=cue.sent.end_char,
                            sentence=cue.sent)
        return voiced if voiced is not None else actor

    def _about_something_else(self, root: Token, cue: Token, index: MentionIndex) -> bool:
        """A clause between the issue and the cue whose subject is a thing, not a party:
        "Moscow wanted its demands to form the basis for any peace talks" wants the demands,
        not the talks."""
        current = root
        for _ in range(self.max_climb):
            if current.i == cue.i or current.head.i == current.i:
                return False
            current = current.head
            if current.i == cue.i or (cue.dep_ in ("acomp", "oprd") and current.i == cue.head.i):
                return False  # reached the cue (or the copula whose complement it is)
            if current.pos_ not in ("VERB", "AUX"):
                continue
            subject = _own_subject(current)
            if subject is None or subject.pos_ == "PRON" or subject.lemma_.lower() in AGENT_HEADS:
                continue
            if subject.i == root.i:
                continue  # the issue itself is the subject ("proposals were acceptable")
            if subject.i == cue.i:
                return False  # the cue's own copula: "the priority is security guarantees"
            if _anchor(subject, index) is None and not any(
                m.actor_id for c in subject.subtree
                for m in index.covering(c.idx, c.idx + len(c.text))
            ):
                return True
        return False

    def _agent_of_participle(
        self,
        page: _Reading,
        root: Token,
        issue: str,
        *,
        counter: bool = False,
    ) -> None:
        """"the security guarantees offered by Washington", "a plan backed by Moscow": a cue
        participle on the issue noun, with its agent, is the agent's statement. On what the
        issue takes away (``counter``: "new sanctions backed by the United States") backing it
        refuses the issue, as it does under a verb."""
        index = page.index
        if root.lemma_.lower() in AMENDMENT_NOUNS:
            return  # "the amendments proposed by Kyiv": Kyiv's changes, not its acceptance
        for child in root.children:
            if child.dep_ != "acl" or child.tag_ != "VBN":
                continue
            found = self.lexicon.cue_direction(child)
            agent = next((g for a in child.children if a.dep_ == "agent"
                          for g in a.children if g.dep_ == "pobj"), None)
            if found is None or agent is None:
                continue
            direction, cue_text = found
            if _negated(child):
                direction, cue_text = FLIP[direction], f"not {cue_text}"
            if counter and not _relief_named(root, child):
                if (turned := _counter_turn(direction, cue_text)) is None:
                    continue
                direction, cue_text = turned
            known = self.lexicon.resolve(issue)
            for part in [agent, *_conjuncts(agent)]:
                actor = _anchor(part, index)
                if actor is None:
                    continue
                if actor in self.registry:
                    actor = self.registry.principal(actor) if self.registry.get(
                        actor).kind != "person" else actor
                said, strength = direction, "openness" if direction == "offers" else "demand"
                own = known is not None and self.side(actor) in known.proposed_by
                if said == "offers" and own:
                    said, strength = "wants", "demand"  # "the plan proposed by Washington"
                elif said in ("offers", "wants") and known is not None and known.proposed_by and (
                    not own and child.lemma_.lower() in AUTHORING_VERBS and _rival(root)
                ):
                    # "the new peace plan proposed by the European Union": a plan of one's own
                    # refuses the issue's proposal as drafted, open to a deal
                    said, strength = "refuses", "openness"
                self._add(page, child, actor, issue, said, cue_text, None, strength, None)

    def _relative_stance(
        self,
        page: _Reading,
        phrase: Span,
        issue: str,
        issues_before: Sequence[tuple[str, int]],
    ) -> None:
        """A relative clause whose verb is a cue and whose object is the issue itself states a
        second position in the sentence, its subject's: "instead of the full truce that Trump
        has demanded" (Trump wants the truce, whoever the main clause speaks of), "the plan
        that Washington backed". So does one on a position noun set beside the clause that
        names the issue: "Russia insists on territorial concessions, a demand that Ukraine has
        resisted" (Ukraine refuses them)."""
        doc, index, mentions, quotes, q_starts, excluded = (
            page.doc, page.index, page.mentions, page.quotes, page.q_starts, page.excluded)
        root = phrase.root
        # the noun itself (a plural noun is sometimes tagged as a verb: "guarantees")
        nouns = [root] if root.pos_ in ("NOUN", "PROPN") or root.dep_ in (
            "pobj", "dobj", "nsubj", "nsubjpass", "attr", "appos") else []
        sent = root.sent
        for noun in doc[phrase.end:sent.end]:
            if noun.lemma_.lower() not in POSITION_NOUNS or noun.pos_ != "NOUN" or (
                noun.dep_ not in ("appos", "npadvmod", "dobj", "attr")
            ) or noun.left_edge.i == 0 or doc[noun.left_edge.i - 1].text not in APPOSITION_MARKS:
                continue
            named = {issue_id for issue_id, lo in issues_before if sent.start <= lo < noun.i}
            if named == {issue}:
                nouns.append(noun)  # "…, a demand that Ukraine has resisted": this one's
        for noun in nouns:
            for clause in noun.children:
                if clause.dep_ not in ("relcl", "acl") or clause.pos_ != "VERB" or (
                    found := self.lexicon.cue_direction(clause)
                ) is None:
                    continue
                if any((c.dep_ in ("xcomp", "ccomp") and not _takes_relative(c)) or (
                    c.dep_ == "dobj" and c.lower_ not in RELATIVE_PRONOUNS
                ) for c in clause.children):
                    # the clause's object is another: "the plan that X wants to sign"; but
                    # "a demand that Kyiv has refused to entertain" refuses the demand
                    continue
                if clause.dep_ == "acl":
                    # "…, a demand firmly rejected by Kyiv": the agent answers it
                    subject = next((g for c in clause.children if c.dep_ == "agent"
                                    for g in c.children if g.dep_ == "pobj"), None)
                    if clause.tag_ != "VBN" or noun is root:
                        continue  # the issue's own participle is _agent_of_participle's
                else:
                    subject = next((c for c in clause.children if c.dep_ == "nsubj"
                                    and c.lower_ not in RELATIVE_PRONOUNS), None)
                if subject is None or _speculated(clause) or _hypothetical(clause):
                    continue
                direction, cue_text = found
                if clause.lemma_.lower() in EVALUATING_VERBS:
                    # "which Kyiv considered too favorable to Moscow": the judgment decides
                    judged = _evaluation_of(clause) or next(
                        (hit for c in clause.children if c.dep_ in ("oprd", "acomp")
                         and (hit := self.lexicon.cue_direction(c)) is not None), None)
                    if judged is None:
                        continue
                    direction, cue_text = judged
                elif _negated(clause):
                    direction, cue_text = FLIP[direction], f"not {cue_text}"
                enclosing = _enclosing_quote(clause.idx, quotes, q_starts)
                for actor in self._holders(subject, clause, doc, mentions, index, enclosing,
                                           excluded):
                    said = direction
                    known = self.lexicon.resolve(issue)
                    if known is not None and known.proposed_by:
                        if said == "wants" and self.side(actor) not in known.proposed_by:
                            said = "offers"  # accepting another's proposal
                        elif said == "offers" and self.side(actor) in known.proposed_by:
                            said = "wants"
                    joint = "that " if clause.dep_ == "relcl" else ""
                    self._add(page, clause, actor, issue, said,
                              f"{noun.text} {joint}{cue_text}", None,
                              _strength(clause, clause, phrase, said))

    def _group_antecedent(
        self,
        pronoun: Token,
        cue: Token,
        index: MentionIndex,
        enclosing: Quote | None,
        excluded: list[tuple[int, int]],
    ) -> str | None:
        """The state, bloc or body a "they" outside quotes continues: the subject of its own
        sentence's main verb, before it ("Russian officials said they want …"), else of the
        sentence before ("The Kremlin has hardened its line. They are demanding control over
        the entire Donbas region."). A person there, or two parties, is no antecedent."""
        sent = pronoun.sent
        candidates = [c for c in sent.root.children if c.dep_ == "nsubj" and c.i < pronoun.i]
        if not candidates and sent.start > 0:
            candidates = [c for c in pronoun.doc[sent.start - 1].sent.root.children
                          if c.dep_ == "nsubj"]
        if not candidates or candidates[-1].lower_ == "they" or _conjuncts(candidates[-1]):
            return None
        actor = self._actor_of(candidates[-1], cue, index, enclosing, excluded)
        if actor is None or actor not in self.registry:
            return None
        return None if self.registry.get(actor).kind == "person" else actor

    def _previous_topic(self, pronoun: Token, index: MentionIndex) -> str | None:
        """A sentence-initial "he"/"she" continues the previous sentence's subject when that is
        a person of the pronoun's gender: "Zelensky met Witkoff and Kushner … He welcomed …" is
        Zelensky welcoming, not the nearer Kushner (:func:`accord.extract.coref.previous_topic`)."""
        if pronoun.i != pronoun.sent.start or pronoun.dep_ != "nsubj":
            return None
        return previous_topic(pronoun.sent, pronoun.lower_, index, self.registry)

    def _withdrawal_condition(
        self,
        page: _Reading,
        root: Token,
    ) -> None:
        """"a ceasefire can only be implemented after Ukrainian troops withdraw from Donbas",
        said by X: the withdrawal is X's condition — X demands it of the troops' side (a red
        line), whatever the main clause offers."""
        doc, index, mentions, quotes, q_starts, excluded = (
            page.doc, page.index, page.mentions, page.quotes, page.q_starts, page.excluded)
        clause = root
        for _ in range(3):
            if clause.head.i == clause.i:
                return
            clause = clause.head
            if clause.pos_ == "VERB":
                break
        if clause.lemma_.lower() not in WITHDRAWAL_VERBS or not _restrictive_condition(clause):
            return
        party = _own_subject(clause)
        if party is None:
            return
        holder = _reporter(clause.head) or _own_subject(clause.head)
        holder_verb = clause.head
        if holder is None or holder.i == party.i:
            return
        target = self._actor_of(party, clause, index, None, excluded)
        if target is None:
            return
        target = self.side(target)
        for actor in self._actors(holder_verb, index, quotes, q_starts, excluded):
            actor, speaker = self._spoken_for(actor, doc, mentions, holder_verb)
            if actor is None or self.side(actor) == target:
                continue
            self._add(page, clause, actor, "territory", "demands",
                      f"only {clause.text}", target, "red_line", speaker)

    def _deal_terms(
        self,
        page: _Reading,
        root: Token,
        issue: str,
    ) -> None:
        """"Trump said the final peace agreement would involve land concessions", "a potential
        deal, he hinted, could involve Ukraine giving up territory": what a party says a deal
        still to be made must contain is its demand (its offer when its own side gives it).
        A text that exists ("the plan would require …") is its content, nobody's statement."""
        doc, index, mentions, quotes, q_starts, excluded = (
            page.doc, page.index, page.mentions, page.quotes, page.q_starts, page.excluded)
        terms = root
        for _ in range(4):
            if terms.head.i == terms.i or terms.dep_ not in TERMS_PATH_DEPS or (
                terms.dep_ == "pobj" and terms.head.lower_ != "of"
            ):
                return  # "require approval through elections": not a term on elections
            terms = terms.head
            if terms.pos_ == "VERB" and terms.lemma_.lower() in TERMS_VERBS:
                break
        else:
            return
        if terms.lemma_.lower() not in TERMS_VERBS or _negated(terms):
            return
        deal = _own_subject(terms)
        if deal is None and terms.dep_ == "relcl":
            deal = terms.head  # "making a deal now that includes territorial concessions"
        if deal is None or deal.lemma_.lower() not in DEAL_NOUNS or not any(
            c.lower_ in PROSPECTIVE_WORDS for c in deal.children
        ):
            return
        reporter = next((c for c in terms.children if c.dep_ == "parataxis"
                         and c.lemma_.lower() in SAYING_VERBS), None)
        clause = terms
        for _ in range(6):
            if reporter is not None or clause.head.i == clause.i:
                break
            if clause.dep_ == "ccomp" and clause.head.lemma_.lower() in SAYING_VERBS:
                reporter = clause.head
            clause = clause.head
        if reporter is None or not _party_subject(reporter):
            return
        giver = next((c for c in terms.children if c.dep_ == "ccomp"), None)
        party = _own_subject(giver) if giver is not None and giver.i < root.i else None
        target = self._actor_of(party, terms, index, None, excluded) if party is not None else None
        target = self.side(target) if target is not None else None
        for actor in self._actors(reporter, index, quotes, q_starts, excluded):
            actor, speaker = self._spoken_for(actor, doc, mentions, reporter)
            if actor is None:
                continue
            own = target is not None and self.side(actor) == target
            self._add(page, terms, actor, issue, "offers" if own else "demands",
                      f"{deal.text} … {terms.text}", None if own else target, "openness",
                      speaker)

    @staticmethod
    def _inside_other_issue(
        root: Token, cue: Token, matches: Sequence[tuple[int, int, int]], start: int
    ) -> bool:
        """The issue phrase hangs from another issue phrase below the cue ("open to
        negotiations to end the war", "talks on the root causes"): the statement is about the
        nearer one."""
        roots = {root.doc[s:e].root.i for _, s, e in matches if s != start}
        current = root
        for _ in range(MAX_CLIMB):
            if current.head.i == current.i or current.head.i == cue.i:
                return False
            step = current.dep_
            current = current.head
            if step in ("conj", "appos", "cc"):
                continue  # "a ceasefire but rather territorial gains": coordinated, not nested
            if current.i in roots and current.pos_ in ("NOUN", "PROPN"):
                return True
        return False

    def side(self, actor_id: str) -> str:
        """The state or bloc an actor stands for (:func:`side_of`)."""
        return side_of(self.registry, actor_id)

    def _cue_for(self, token: Token, issue: str | None = None) -> tuple[Token, str, str] | None:
        """The cue governing ``token``, with its direction after negation and framing.

        The nearest cue above the issue phrase sets the direction; a refusal further up
        reverses it ("reject … allowing Ukraine to join NATO" refuses NATO membership).
        Negation does not reach across a contrast ("not seeking X but rather Y": Y is sought).
        ``issue`` (the phrase's) lets a mutual issue's declaration count as its offer.
        """
        lifted = token.head
        if token.dep_ == "nsubjpass" and _removal(lifted) and _restrictive_condition(lifted) and (
            not _negated(lifted)
        ):
            # "will not initiate a ceasefire until certain sanctions are lifted", "would only
            # commence once sanctions … are lifted": the removal the condition waits for is
            # wanted, by whoever states the condition
            return lifted, "wants", f"once {lifted.text}"
        current = token
        inner: tuple[Token, str, str] | None = None
        contrast = False
        # "… that Ukraine never join NATO": the issue's own verb is negated
        # (its own negation only: "don't want to end this war" is negated once, at the cue)
        negated_root = token.pos_ in ("VERB", "AUX") and _negated(token) and not (
            token.dep_ in ("acomp", "xcomp") and not any(
                c.dep_ == "neg" or c.lower_ in ("never", "no") for c in token.children))
        negated_clause = False
        without = False
        amended = False
        for _ in range(self.max_climb):
            if current.head.i == current.i:
                break
            if current.dep_ == "conj" and any(
                c.lower_ in ("but", "rather") for c in [*current.head.children, *current.lefts]
            ):
                contrast = True
            if current.dep_ == "advcl" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in current.children
            ) and (
                not any(c.dep_ == "mark" for c in current.children) or _in_order_to(current)
            ) and current.head.pos_ == "VERB" and (
                current.head.lemma_.lower() not in ("push", "press", "work", "strive")
                or any(c.dep_ == "prep" and c.lower_ == "for" for c in current.head.children)
            ):
                # "cede land to end the war", "push for a deal to end the war": the purpose,
                # not what is offered or sought
                break
            if current.dep_ in ("xcomp", "dobj") and current.head.lemma_.lower() in THREAT_VERBS:
                break  # "begin negotiations or face losing more territory": a threat
            if current.dep_ == "acl" and current.head.lower_ == "order" and (
                current.head.head.lower_ == "in"
            ):
                break  # "agreed to a ceasefire in order to hold a referendum on X"
            if inner is None and current.dep_ == "acl" and current.head.lemma_.lower() in (
                "plan", "intention"
            ) and any(c.dep_ == "det" and c.lower_ == "no" for c in current.head.children) and (
                current.head.dep_ == "dobj" and current.head.head.pos_ in ("VERB", "AUX")
            ):
                # "Trump had no plans to meet with Putin": the meeting is ruled out
                return current.head.head, "refuses", f"no {current.head.text} to"
            if current.dep_ in ("acl", "relcl") and current.head.lemma_.lower() in (
                PROCESS_NOUNS | DOCUMENT_NOUNS
            ) and (current.lemma_.lower() == "aim" or any(
                c.dep_ == "aux" and c.lower_ == "to" for c in current.children
            )) and not (inner is not None and inner[0].i == current.i and current.dep_ == "acl"
                        and current.head.lemma_.lower() in CONTENT_NOUNS) and not (
                inner is None and current.dep_ == "acl" and _effort(current.head)
            ) and not (
                # "any plans to deploy peacekeepers": intentions (the plural), whose giving is
                # what is judged, not a document sought
                current.dep_ == "acl" and current.head.lower_ == "plans"
                and current.lemma_.lower() in GIVING_VERBS
            ):
                break  # "a deal to end the war", "talks aimed at ending it": the deal is sought
            if current.dep_ == "pobj" and current.head.lower_ == "for" and (
                current.head.head.lemma_.lower() in CONDITION_NOUNS
            ):
                break  # "as a condition for further negotiations": a condition, not sought
            if inner is None and current.dep_ in ("advcl", "ccomp") and any(
                c.dep_ == "mark" and c.lower_ == "if" for c in current.children
            ) and not _restrictive_condition(current) and not any(
                c.lower_ == "even" for c in current.children
            ):
                # "would not need to be there if a peace deal could be achieved" (but "even if
                # it means territorial concessions" accepts them); "saying, 'If we can do the
                # ceasefire, great'" (the clause parsed as the saying's object)
                break
            came_as_subject = current.dep_ in ("nsubj", "nsubjpass")
            if current.dep_ == "pobj" and current.head.lower_ in CIRCUMSTANCE_PREPS:
                break  # "seeking a recalibration following the sanctions": not sought
            if current.dep_ == "pobj" and current.head.lower_ == "with" and any(
                c.dep_ == "acl" and c.tag_ == "VBG" for c in current.children
            ):
                # "sought changes to a draft …, with the 28-point plan requiring Ukraine to
                # cede territory": an absolute clause describing, not what is sought
                break
            if current.dep_ == "pobj" and current.head.lower_ == "of" and (
                current.head.head.lower_ in ("part", "result")
                and current.head.head.dep_ == "pobj" and current.head.head.head.lower_ == "as"
            ):
                # "guarantees as part of a peace deal", "membership as a result of peace
                # negotiations": the deal or the talks frame, they are not sought
                break
            if current.dep_ == "pobj" and current.head.lower_ in ("of", "on", "about") and (
                current.head.head.lemma_.lower() in ABOUT_NOUNS
            ):
                break  # "an assessment of the guarantees": information, not a stand
            if current.dep_ == "pobj" and current.head.lower_ == "to" and (
                current.head.head.lemma_.lower() in RESPONSE_NOUNS
            ):
                break  # "did not provide a reply to the truce declaration": not the truce
            if current.dep_ == "pobj" and current.head.lower_ in ("on", "over", "about") and (
                current.head.head.lemma_.lower() in TOPIC_TALK_NOUNS
                or (current.head.head.pos_ == "VERB"
                    and current.head.head.lemma_.lower() in TOPIC_TALK_VERBS)
            ):
                # "agreed to begin technical negotiations over a maritime ceasefire": the
                # ceasefire is what the talks are about, not what is agreed
                break
            if current.dep_ == "conj" and current.head.pos_ == "VERB" and inner is None and (
                current.pos_ in ("VERB", "AUX") and _own_subject(current) is None
                and any(c.dep_ == "acomp" for c in current.children)
                and self.lexicon.cue_direction(current) is None
            ):
                break  # "proposed talks, but remained silent on a ceasefire": its own predicate
            if current.dep_ == "conj" and any(
                c.dep_ == "advmod" and c.lower_ in ("else", "otherwise") for c in current.children
            ):
                break  # "must negotiate, or else he will lose more territory": a threat
            if current.dep_ == "conj" and inner is None and current.pos_ in ("VERB", "AUX") and (
                any(c.dep_ in ("aux", "auxpass") for c in current.children)
                and _negated(current.head) and self.lexicon.cue_direction(current) is None
            ):
                # "had never suggested such an arrangement and had been speaking about a
                # resiliency force": the negation does not reach a predicate with its own
                # auxiliaries
                break
            below = current
            current = current.head
            if inner is None and (clause := _time_for(current)) is not None and (
                clause.i == below.i
            ):
                # "it was time for Ukraine to hold an election": the speaker wants it done
                inner = (current, "wants", "time for")
                continue
            if inner is None and below.dep_ == "pobj" and current.lower_ in TOWARD_PREPS and (
                current.head.lemma_.lower() in _PUSHING_VERBS
            ) and current.head.pos_ == "VERB" and _frame_object(current.head) is not None and (
                not _negated(current.head) and current.head.tag_ not in ("VBD", "VBN")
            ):
                # "to push Putin toward negotiations", "push him to the negotiating table": a
                # demand that the pushed party come to it (the frame finds whom); what pressure
                # "has brought Moscow to the negotiating table" is a fact
                return current.head, "wants", f"{current.head.text} … {current.text}"
            if current.pos_ == "VERB" and current.lemma_.lower() in ABOUT_VERBS and inner is None:
                break  # "declined to comment on the ceasefire": no stand on it
            if below.dep_ == "ccomp" and current.lemma_.lower() in ADMITTING_VERBS:
                # "conceded they had not reached a deal on a ceasefire": an admission that
                # something is so, whose clause keeps only its own cue
                break
            if current.lemma_.lower() in IMPOSSIBLE_WORDS and inner is not None and (
                below.dep_ in ("advcl", "xcomp") and inner[1] != "refuses"
            ):
                # "makes it impossible to cede territory": the clause is ruled out
                return current, FLIP[inner[1]], f"impossible to {inner[2]}"
            found = self.lexicon.cue_direction(current)
            if found is None and inner is not None and inner[0].i == below.i and (
                below.dep_ == "dobj" and current.lemma_.lower() in DROPPING_VERBS
            ):
                if below.lemma_.lower() in AIM_NOUNS:
                    # "prepared to drop its bid to join NATO": giving up one's own aim is a
                    # concession on the issue, offered
                    return current, "offers", f"{current.text} {below.text}"
                found = ("refuses", current.text)  # "abandoned his call for a ceasefire"
            if found is None and inner is None and below.dep_ == "dobj" and (
                current.lemma_.lower() in REDUCING_VERBS
                and below.lemma_.lower() in INVOLVEMENT_NOUNS
            ):
                found = ("refuses", f"{current.text} {below.text}")  # "reduce its involvement in"
            if found is None and inner is not None and below.dep_ == "prep" and (
                below.lower_ == "from"
            ) and (current.lemma_.lower() in MOVING_VERBS or (
                current.lower_ == "away" and current.head.lemma_.lower() in MOVING_VERBS
            )) and not (
                # "backed away from his suggestion that Ukraine should accept the plan": what
                # another party was to do is no longer pressed, which refuses nothing
                inner[0].dep_ in ("acl", "ccomp") and any(
                    c.dep_ == "nsubj" for c in inner[0].children)
            ) and not _negated(current.head if current.lower_ == "away" else current):
                # ("is not backing away from its demands": the stance below stands)
                found = ("refuses", f"{current.text} from")  # "moved from his insistence on X"
            if found is None and inner is not None and below.dep_ == "prep" and (
                below.lower_ == "of" and current.lemma_.lower() in RISK_NOUNS
            ):
                found = ("refuses", f"{current.text} of")  # "the risks of conceding territory"
            if found is None and below.dep_ in ("nsubj", "nsubjpass", "csubj") and (
                ruled := _ruled_out(current)) is not None:
                # "conceding any territory is out of the question", "concessions are off the
                # table": whoever says it refuses (the issue as subject states nothing itself)
                ruled = f"not {ruled}" if _negated(current) else ruled
                found = ("offers" if _negated(current) else "refuses",
                         f"{CLAIM_PREFIX}{ruled}" if below.i == token.i else ruled)
                if inner is None:
                    return current, *found
            if found is None and below.dep_ in ("advcl", "xcomp") and (
                current.lemma_.lower() == "be"
            ) and (judged := next((
                c for c in current.children if c.dep_ == "acomp"
                and c.lemma_.lower() in EVALUATIONS), None)) is not None and any(
                c.dep_ in ("mark", "aux") and c.lower_ in ("for", "to") for c in below.children
            ):
                # "it would be unrealistic for Ukraine to regain its borders": the judgment
                # of the clause is its speaker's stance on it
                found = (EVALUATIONS[judged.lemma_.lower()], f"{judged.text} for")
            if found is None and inner is None and (
                priority := _priority_copula(current, below)) is not None:
                # "the priority is security guarantees", "guarantees are our first priority":
                # the priority's owner, or whoever says it, wants the issue
                direction, text = "wants", f"{priority.text} is"
                if _negated(current):
                    direction, text = "refuses", f"not {priority.text}"
                return priority, direction, text
            if found is None and inner is None and below.i == token.i and below.dep_ == "dobj" and (
                current.lemma_.lower() in ("declare", "announce")
            ) and issue is not None and (known := self.lexicon.resolve(issue)) is not None and (
                known.mutual
            ):
                found = ("offers", current.text)  # "Putin has declared a one-day truce"
            if found is not None and inner is not None and below.dep_ == "acl" and (
                current.lemma_.lower() in CONTENT_NOUNS
            ):
                # "dismissed a Russian proposal to hand over the territory": the clause is the
                # proposal's content, and the proposal noun is its owner's; what the subject
                # above does with the proposal (dismissed) decides the direction
                found = None
            if found is not None and found[0] == "refuses" and below.dep_ == "conj" and (
                below.pos_ == "VERB" and current.pos_ == "VERB"
            ):
                # "opposes truces and remains firm on its demands that Ukraine withdraw …": a
                # coordinated predicate is a statement of its own, not what is refused
                break
            giver = below if below.dep_ == "xcomp" else next(
                (c for c in below.children if c.dep_ == "pcomp"), None
            ) if below.dep_ == "prep" and below.lower_ == "to" else None
            if found is not None and found[0] == "wants" and giver is not None and (
                giver.pos_ == "VERB" and giver.lemma_.lower() in GIVING_VERBS
            ):
                # "want to give guarantees", "committed to deploying troops"
                found = ("offers", f"{found[1]} to {giver.text}")
            if found is None and came_as_subject:
                # "the plan could serve as a basis", "the plan is a basis for talks"
                for child in current.children:
                    basis = [child] if child.dep_ == "attr" else [
                        g for g in child.children if g.dep_ == "pobj"
                    ] if child.dep_ == "prep" and child.lower_ == "as" else []
                    if any(b.lemma_.lower() in BASIS_NOUNS for b in basis):
                        direction, text = "offers", f"{current.text} as a basis"
                        if _negated(current):
                            direction, text = "refuses", f"not {text}"
                        return basis[0], direction, text
                # "the plan drew pushback from Ukraine": the issue draws a refusal noun whose
                # "from" phrase names who refuses.
                for child in current.children:
                    if child.dep_ == "dobj" and child.lemma_.lower() in PUSHBACK_NOUNS and (
                        _from_party(child) is not None
                    ):
                        return child, "refuses", child.text
                # "some American proposals were acceptable": the issue is the subject of a
                # copula whose complement is the cue.
                for child in current.children:
                    if child.dep_ in ("acomp", "oprd") and (
                        hit := self.lexicon.cue_direction(child)
                    ):
                        direction, text = hit
                        if _negated(current) or _negated(child):
                            direction, text = FLIP[direction], f"not {text}"
                        return child, direction, text
            if found is None and inner is not None and inner[0].i == below.i and (
                below.dep_ == "csubj" and current.lemma_.lower() == "be"
            ) and (verdict := next((
                hit for c in current.children if c.dep_ == "acomp"
                and (hit := self.lexicon.cue_direction(c)) is not None), None)) is not None:
                # "surrendering Donetsk would be illegal": a clause judged by its copula's
                # adjective; a refusal of doing it turns what doing it would be
                direction, text = verdict
                if _negated(current):
                    direction, text = FLIP[direction], f"not {text}"
                if direction == "refuses":
                    return current, FLIP[inner[1]], f"{inner[2]} … {text}"
                return inner
            if found is None and inner is not None and inner[0].i == below.i and (
                below.dep_ == "csubj" and current.lemma_.lower() in HARM_VERBS
                and inner[1] in ("offers", "wants") and not _negated(current)
            ):
                # "conceding these territories would compromise Ukraine's defensive lines":
                # the harm a clause would do is its speaker's refusal of it
                return current, "refuses", f"{inner[2]} … {current.text}"
            if below.dep_ == "pobj" and current.lower_ == "without":
                without = True
            if found is None and below.dep_ in ("pobj", "pcomp") and (
                current.lower_ == "against" and current.dep_ == "prep"
                and current.head.lemma_.lower() in AGAINST_VERBS
            ):
                # "the Kremlin is against securing the region with Western troops", "urged
                # against imposing a peace plan", "cautioning against temporary solutions"
                found = ("refuses", "against" if current.head.lemma_.lower() == "be"
                         else f"{current.head.text} against")
            if below.dep_ == "pobj" and current.lower_ in ("to", "of") and inner is None and (
                current.head.lemma_.lower() in AMENDMENT_NOUNS
            ):
                amended = True  # "sought changes to a draft": the draft as it stands is refused
            if found is None and inner is None and below.dep_ == "xcomp" and (
                current.lemma_.lower() in VOICING_VERBS
            ):
                # "expressed desires to join NATO", the infinitive parsed under the verb: the
                # voiced noun is the cue
                noun = next((c for c in current.children if c.dep_ == "dobj"
                             and c.lemma_.lower() in NOUN_CUES), None)
                hit = self.lexicon.cue_direction(noun) if noun is not None else None
                if noun is not None and hit is not None:
                    inner = (noun, *hit)
                    if hit[0] == "refuses":
                        break
                    continue
            if found is None:
                if current.dep_ == "relcl" and _negated(current) and inner is None:
                    negated_clause = True  # "any settlement that does not place X under …"
                continue
            direction, text = found
            marks = {c.lower_ for c in below.children if c.dep_ == "mark"}
            if direction == "refuses" and below.dep_ == "advcl" and (
                (below.tag_ == "VBG" and not marks) or marks & {"while", "whereas", "although"}
            ) and any(c.dep_ in ("dobj", "xcomp", "ccomp") for c in current.children):
                # "condemned the airstrikes, … urging, 'Let's get the Peace Deal DONE!'", "rejects
                # ceding territory, emphasizing Kyiv's role in any peace negotiations", "Russia
                # rejected the proposal, while Medinsky suggested a short truce": the refusal
                # has its own object; the participle's or contrast's clause is a statement of
                # its own
                break
            if direction == "refuses" and current.lemma_.lower() == "deny" and (
                below.dep_ == "ccomp" or any(
                    c.dep_ == "dobj" and c.lemma_.lower() in REPORT_NOUNS
                    for c in current.children)
            ):
                return None  # "denied he played any role in approving the plan": a fact denied
            if _negated(current) and not contrast:
                direction, text = FLIP[direction], f"not {text}"
            if negated_root and inner is None:
                direction, text = FLIP[direction], f"{text} … not"
            if without and inner is None and direction == "refuses":
                # "the plan is not acceptable without firm guarantees": the guarantees are wanted
                direction, text = "wants", f"{text} … without"
            if negated_clause and inner is None and direction == "refuses":
                # refusing whatever does not give X wants X
                direction, text = "wants", f"{text} … not"
            if amended and inner is None and direction == "wants":
                direction, text = "refuses", f"{text} changes"
            if _shown_not(current):
                # "Russia has not shown a willingness to agree to a ceasefire": the stance the
                # noun names is denied
                voicer = current.head
                inner_text = inner[2] if inner is not None else text
                return voicer, FLIP[inner[1] if inner is not None else direction], (
                    f"not {voicer.text} … {inner_text}")
            if inner is None:
                inner = (current, direction, text)
                if direction == "refuses":
                    break
                continue
            if inner[0].pos_ == "NOUN" and inner[0].lemma_.lower() in PROPOSING_NOUNS and (
                inner[0].i != token.i
            ):
                # "agreed to accept a U.S. proposal for a ceasefire": the subject above takes
                # up the proposal's content (its owner's want is read by _owned_proposal)
                return current, direction, text
            if direction == "refuses":
                cue, inner_direction, _ = inner
                lo, hi = sorted((cue.i, current.i))
                if any(t.text == ";" for t in cue.doc[lo:hi]):
                    break  # "Moscow demands cessions; Kyiv rejects this": two statements
                return current, FLIP[inner_direction], text
            break
        if inner is None and not negated_root and token.pos_ == "VERB" and (
            token.lemma_.lower() in END_WORDS
        ) and any(c.dep_ == "aux" and c.lower_ in MODALS_OF_DEMAND for c in token.children) and any(
            c.dep_ == "nsubj" and c.lemma_.lower() in WAR_NOUNS for c in token.children
        ):
            return token, "wants", f"must {token.text}"  # "Trump said the war must end"
        if inner is None and negated_root and any(
            c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll", "’ll") for c in token.children
        ) and _party_subject(token):
            # the issue phrase is the verb itself: "Trump would not meet Putin", "Ukraine will
            # not join NATO"
            return token, "refuses", f"will not {token.text}"
        if inner is None and not negated_root and token.pos_ == "VERB" and (
            token.lemma_.lower() == "meet"
        ) and any(c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll", "’ll")
                  for c in token.children) and _party_subject(token) and _own_announcement(token):
            # "he will be meeting with Putin", "he would meet Mr Putin on August 15": a party
            # announcing its own meeting seeks it (the writer's "X will meet Y" is a schedule)
            return token, "wants", f"will {token.text}"
        return inner

    def _actors(
        self,
        cue: Token,
        index: MentionIndex,
        quotes: Sequence[Quote],
        q_starts: list[int],
        excluded: list[tuple[int, int]],
        phrase: tuple[int, int] | None = None,
    ) -> list[str | None]:
        """The actors taking the position: the subject and its conjuncts ("the EU and the
        U.S. are pitching for …"), else the speaker of the enclosing quote. A subject inside
        the issue phrase ("some American proposals can be discussed") is what is talked
        about, not who talks."""
        subject = _owner(cue) if cue.pos_ in ("NOUN", "PROPN") else _subject(cue)
        if subject is not None and phrase is not None and phrase[0] <= subject.i < phrase[1]:
            subject = None
        if subject is not None and subject.dep_ == "csubj" and (
            subject.head.lemma_.lower() in HARM_VERBS | {"be"}
        ):
            subject = None  # "conceding territory is out of the question": a clause, no party
        if subject is not None and _sentence_break_between(subject, cue):
            subject = None  # a merged sentence (text lost between them): not this cue's subject
        enclosing = _enclosing_quote(cue.idx, quotes, q_starts)
        if subject is None and (enclosing is None or enclosing.actor_id is None):
            # "Ushakov said that some American proposals were acceptable": the clause talks
            # about the issue; the one reporting it holds the position.
            subject = _reporter(cue)
        if subject is None:
            return [enclosing.actor_id if enclosing is not None else None]
        if _pair_subject(subject):
            # "The two agreed to start negotiations", "the parties agreed to prepare proposals":
            # the last two parties named before it
            return list(self._last_pair(subject, index)) or [None]
        if pair := self._event_pair(subject, index):
            # "a phone call between Trump and Putin, during which they agreed" (a copy typed
            # as the holders' list)
            return list(pair)
        found: list[str | None] = []
        # "Trump, who aims to announce a deal, and Putin": the relative clause is Trump's alone
        relative = any(c.dep_ == "relcl" and c.left_edge.i <= cue.i <= c.right_edge.i
                       for c in subject.children)
        for part in [subject] if relative else [subject, *_conjuncts(subject)]:
            actor = self._actor_of(part, cue, index, enclosing, excluded)
            if actor not in found:
                found.append(actor)
        if found == [None] and enclosing is not None and not relative and not any(
            c.dep_ == "det" and c.lower_ == "no" for c in subject.children
        ):
            # "any pullback would require direct talks", said inside someone's speech, is the
            # speaker's; "no proposal had offered guarantees" is nobody's offer; "mistakes of
            # predecessors who allowed Russia to seize territory" are the predecessors'
            return [enclosing.actor_id]
        return [a for a in found if a is not None] or [None]

    def _actor_of(
        self,
        subject: Token,
        cue: Token,
        index: MentionIndex,
        enclosing: Quote | None,
        excluded: list[tuple[int, int]],
    ) -> str | None:
        low = subject.lower_
        if low in ("it", "they") and subject.head.dep_ == "ccomp" and (
            (sayer := _own_subject(subject.head.head)) is not None and sayer.pos_ == "PROPN"
        ) and (said_by := _anchor(sayer, index)) is not None:
            # "“Russia says it does not want a ceasefire,” Zelensky said": the pronoun is the
            # party that says so, not the quote's speaker
            return said_by
        if low in SPEAKER_PRONOUNS and enclosing is not None and enclosing.actor_id:
            return enclosing.actor_id
        if is_person_pronoun(low):
            topic = self._previous_topic(subject, index)
            if topic is not None:
                return topic
            ante = resolve_pronoun(low, subject.idx, index, self.registry, excluded=excluded)
            if ante is not None and ante.actor_id:
                return ante.actor_id
        if subject.lemma_.lower() in STATE_NOUNS and (poss := next(
            (c for c in subject.children if c.dep_ == "poss" and is_person_pronoun(c.lower_)),
            None,
        )) is not None:
            # "Medinsky said that his country is ready …": the person's state speaks
            person = self._actor_of(poss, cue, index, enclosing, excluded)
            if person is not None:
                return self.side(person)
        anchored = _anchor(subject, index)
        if anchored is not None:
            return anchored
        # A modifier naming the actor: "Russian officials", "Russia's strategic interests",
        # but not "pro-Putin analysts".
        for child in subject.children:
            if child.dep_ not in ("amod", "compound", "poss", "nmod") or child.i > subject.i:
                continue
            if child.dep_ == "poss" and subject.lemma_.lower() not in AGENT_HEADS:
                continue  # "Ukraine's European allies" are not Ukraine
            if child.i >= 2 and child.doc[child.i - 1].text == "-":
                continue
            for m in index.covering(child.idx, child.idx + len(child.text)):
                if m.actor_id:
                    return m.actor_id
        if low == "it":
            it = resolve_institution(subject.idx, index, self.registry)
            if it is not None:
                return it.actor_id
        if low == "they" and subject.dep_ == "nsubj":
            return self._group_antecedent(subject, cue, index, enclosing, excluded)
        if subject.lemma_.lower() in AGENT_HEADS and subject.i + 1 < len(subject.doc) and (
            subject.doc[subject.i + 1].pos_ == "PROPN"
        ):
            # "the UK's prime minister Keir Starmer", the name parsed apart from its title
            after = subject.doc[subject.i + 1]
            for m in index.covering(after.idx, after.idx + len(after.text)):
                if m.actor_id:
                    return m.actor_id
        return None


def statement_span(doc: Doc, token: Token) -> tuple[int, int, str]:
    """``(start, end, text)`` of ``token``'s sentence cut at line breaks: the text a statement
    records as its evidence."""
    full = doc_text(doc)  # spaCy rebuilds doc.text on every access
    sent = token.sent
    lo = max(sent.start_char, full.rfind("\n", 0, token.idx) + 1)
    hi_nl = full.find("\n", token.idx)
    hi = min(sent.end_char, hi_nl) if hi_nl >= 0 else sent.end_char
    text = full[lo:hi].strip()
    lo = full.index(text, lo) if text else lo
    return lo, lo + len(text), text


def _conjuncts(token: Token) -> list[Token]:
    out = []
    for child in token.children:
        if child.dep_ == "conj":
            out.append(child)
            out.extend(_conjuncts(child))
    return out


def _anchor(token: Token, index: MentionIndex) -> str | None:
    """The actor named at ``token`` or, for an apposition / "head of …" phrase, at the name
    it describes ("Kirill Dmitriev, the head of …, who …")."""
    current = token
    for _ in range(4):
        for m in index.covering(current.idx, current.idx + len(current.text)):
            if m.actor_id:
                return m.actor_id
        if current.dep_ in ("appos", "pobj", "prep") and current.head.i != current.i:
            current = current.head
        else:
            break
    return None


def extract_positions(
    doc: Doc,
    mentions: Sequence[Mention],
    quotes: Sequence[Quote],
    lexicon: IssueLexicon | None = None,
    *,
    registry: ActorRegistry | None = None,
    model: LogisticModel | None = None,
) -> list[PositionStatement]:
    """Position statements in ``doc`` (see the module docs for the rules).

    ``lexicon`` defaults to the packaged one; ``registry`` supplies ``speaks_for`` principals
    and genders (default: the packaged registry; pass the one that resolved ``mentions``);
    ``model`` turns on the learned pass (:mod:`accord.extract.position_model`).
    """
    return PositionExtractor(lexicon or IssueLexicon.load(None), registry, model=model).extract(
        doc, mentions, quotes
    )


def _negated(token: Token) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in ("never", "no") for c in token.children):
        return not _not_only(token)
    return _negated_above(token) or _neither_subject(token) or _set_aside(token)


def _set_aside(token: Token) -> bool:
    """The verb is what its subject chose not to do: "rather than accept the ceasefire, Putin
    proposed talks"."""
    return token.pos_ == "VERB" and token.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "than" for c in token.children) and any(
        c.lower_ == "rather" for c in token.children)


def _neither_subject(token: Token) -> bool:
    """The clause's subject is "neither X nor Y" ("neither Moscow nor Kyiv is ready", "…has
    shown willingness"): the predicate is denied of both."""
    if token.pos_ not in ("VERB", "AUX", "ADJ"):
        return False  # a noun's stance is denied through its verb ("has shown willingness")
    verb = token.head if token.dep_ in ("acomp", "xcomp") else token
    subject = _own_subject(verb)
    return subject is not None and any(
        c.dep_ in ("preconj", "det") and c.lower_ == "neither" for c in subject.children)


def _not_only(token: Token) -> bool:
    """"don't want to only end the war but make Ukraine safe": the negation denies "only",
    not the verb (the clause it governs is wanted, and more)."""
    return any(
        x.dep_ == "xcomp" and any(a.dep_ == "advmod" and a.lower_ == "only" for a in x.children)
        and any(c.dep_ == "cc" and c.lower_ == "but" for c in x.children)
        for x in token.children)


def _negated_above(token: Token) -> bool:
    # "is not ready to", "will not agree": negation on the auxiliary/copula head.
    head = token.head
    if token.dep_ in ("acomp", "xcomp") and any(
        c.dep_ == "neg" or c.lower_ == "never" for c in head.children
    ) and not _not_only(head):
        return True
    # "gave no indication that it would agree to …", "there is no sign that …": the clause
    # hangs from a negated noun.
    return token.dep_ in ("acl", "ccomp") and token.head.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ == "no" for c in token.head.children
    )


def _subject(token: Token) -> Token | None:
    """The subject of ``token``'s clause: its own, else that of the verb it hangs from.

    Adjectives ("Russia is ready to …"), infinitives ("wants to accept", "efforts to offer"),
    gerunds after a preposition ("before agreeing to …") and coordinated verbs take the subject
    of the governing verb; a relative pronoun stands for its antecedent; the walk stops at a
    clause boundary (a reported clause keeps its own subject: "X said Russia will …" is
    Russia's position, as X reports it).
    """
    current = token
    for _ in range(5):
        for child in current.children:
            if child.dep_ == "agent":  # "… have been rejected by Zelensky"
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return obj
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
                # "Dmitriev, who initiated efforts to offer …": the relative pronoun's
                # antecedent is the subject.
                if child.tag_ in ("WP", "WDT") and current.dep_ == "relcl":
                    return current.head
                return child
        if current.dep_ == "pcomp" and current.head.lower_ == "for" and (
            current.head.head.pos_ == "VERB"
        ):
            # "commended the US for proposing guarantees": the praised party proposes
            praised = next((c for c in current.head.head.children if c.dep_ == "dobj"), None)
            if praised is not None:
                return praised
        if current.dep_ in CLIMB_DEPS and current.head.i != current.i:
            current = current.head
        else:
            break
    return None


ANAPHORA = frozenset({"this", "it", "that"})
# Bare nouns that take up a proposal just named: "Kyiv agreed, but Moscow rejected the idea".
ANAPHORIC_NOUNS = frozenset({"idea", "proposal", "suggestion", "offer", "initiative"})
# Nouns that name a stated position, set beside the clause that states it ("…, a demand that
# Ukraine has resisted").
POSITION_NOUNS = ANAPHORIC_NOUNS | {
    "demand", "request", "call", "condition", "plan", "ultimatum", "requirement", "insistence"}
PRESSURE_NOUNS = frozenset({"pressure"})
RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom", "whose"})
APPOSITION_MARKS = frozenset({",", "—", "–", "-", "--"})


def _anaphora(doc: Doc, matches: Sequence[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """"Moscow demands cessions in the east; Kyiv rejects this outright": a pronoun object
    ("this", "it", "that") stands for the latest issue phrase before it in its own or the
    previous sentence, and is matched as that issue."""
    out = []
    for tok in doc:
        if tok.lower_ not in ANAPHORA and tok.lower_ != "the":
            continue
        # "rejects this outright" parses "this" as a determiner of the adverb
        standalone = tok.pos_ == "PRON" or (
            tok.dep_ == "det" and tok.head.pos_ not in ("NOUN", "PROPN"))
        if tok.dep_ == "det" and tok.head.lemma_.lower() in ANAPHORIC_NOUNS and all(
            c.i == tok.i for c in tok.head.children
        ) and tok.head.dep_ in ("dobj", "pobj", "nsubjpass"):
            tok = tok.head  # "rejected this idea": the noun stands for the proposal named before
            standalone = True
        elif tok.lower_ == "the":
            continue
        if tok.head.dep_ == "relcl" and tok.i < tok.head.i and tok.lower_ == "that" and any(
            s <= tok.head.head.i < e for _, s, e in matches
        ):
            continue  # "the US proposals that the Kremlin received": the antecedent is matched
        if not standalone or tok.dep_ not in ("dobj", "pobj", "nsubjpass", "det"):
            continue
        sent = tok.sent
        earliest = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        before = [m for m in matches if earliest <= m[1] and m[2] <= tok.i]
        if not before:
            continue
        match_id, _, end = max(before, key=lambda m: m[2])
        # a nearer noun argument is the likelier antecedent ("rejected Kyiv's counter-proposal,
        # calling it unacceptable")
        if any(t.pos_ == "NOUN" and t.dep_ in ("dobj", "nsubj", "nsubjpass")
               for t in doc[end:tok.i]):
            continue
        out.append((match_id, tok.i, tok.i + 1))
    return out


def _reporter(token: Token) -> Token | None:
    """The subject of the reporting verb ("said", "noted" …) whose reported clause holds
    ``token``, when the clause has no subject of its own that could hold a position."""
    current = token
    for _ in range(3):
        if current.dep_ not in ("ccomp", "advcl", "conj", "xcomp") or current.head.i == current.i:
            return None
        current = current.head
        if current.lemma_.lower() in CUE_LEMMAS:
            return next((c for c in current.children if c.dep_ == "nsubj"), None)
    return None


def _pair_subject(token: Token) -> bool:
    """"The two", "both sides", "the parties", "the two delegations": a subject that stands
    for a pair of parties named before."""
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    if token.lower_ in ("two", "both") and not any(c.dep_ == "prep" for c in token.children):
        return True
    if token.tag_ != "NNS" or token.lemma_.lower() not in PAIR_NOUNS:
        return False
    marks = {c.lower_ for c in token.children if c.dep_ in ("det", "nummod", "predet")}
    return bool(marks & {"two", "both"}) or (
        bool(marks & {"the", "all"}) and token.lemma_.lower() in ("side", "party", "delegation")
    )


def _proposals_for_issues(
    doc: Doc, matches: list[tuple[int, int, int]]
) -> list[tuple[int, int, int]]:
    """``matches`` without a proposal that is only the vehicle of another issue named in its
    "for" phrase: in "accept a U.S. proposal for a ceasefire" the issue is the ceasefire, not
    a peace plan."""
    # a bare "peace" is what any plan is for ("US proposals for peace in Ukraine" is the plan)
    roots = {doc[s:e].root.i: m for m, s, e in matches
             if doc[s:e].root.lemma_.lower() != "peace"}
    kept = []
    for m, s, e in matches:
        root = doc[s:e].root
        if root.lemma_.lower() in PROPOSING_NOUNS and any(
            c.dep_ == "prep" and c.lower_ == "for" and any(
                roots.get(t.i, m) != m for g in c.children if g.dep_ == "pobj"
                for t in g.subtree)
            for c in root.children
        ):
            continue
        kept.append((m, s, e))
    return kept


def _proposal_of(root: Token) -> Token | None:
    """The proposal noun whose content the issue phrase is: "proposals for a ceasefire", or
    the infinitive clause of "a proposal to hand over the territory" (two steps at most)."""
    for _ in range(2):  # "a proposal for the introduction of a ceasefire"
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN":
            root = root.head.head
    if root.dep_ == "pobj" and root.head.lower_ == "for":
        return root.head.head
    if root.dep_ == "compound" and root.head.lemma_.lower() in PROPOSING_NOUNS:
        return root.head  # "Trump's ceasefire proposal"
    verb = root.head if root.dep_ in ("dobj", "prt") else root
    if verb.dep_ == "acl" and verb.pos_ == "VERB" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    ) and verb.head.lemma_.lower() in CONTENT_NOUNS:
        return verb.head
    return None


def _owner(noun: Token) -> Token | None:
    """Who owns a position noun: "Putin's demand", "the Kremlin's rejection", "Russian demands",
    or the subject of a verb that voices it ("Rufo highlighted concerns over …")."""
    found = _from_party(noun)
    if found is not None and noun.lemma_.lower() in PUSHBACK_NOUNS:
        return found
    for child in noun.children:
        if child.dep_ == "poss" and not (
            child.lower_ in ("his", "her", "its", "their") and _voicer(noun) is not None
        ):
            return child
    voicer = _voicer(noun)
    if voicer is not None:
        return voicer
    for child in noun.children:
        if child.dep_ in ("amod", "compound") and child.i < noun.i and child.pos_ in (
            "PROPN", "ADJ"
        ) and child.text[:1].isupper():
            return child
    return None


def _ruled_out(verb: Token) -> str | None:
    """"out of the question", "off the table", "a red line" or "a nonstarter" when ``verb`` is a
    copula saying so."""
    if verb.lemma_.lower() != "be":
        return None
    for attr in verb.children:
        if attr.dep_ != "attr":
            continue
        if attr.lemma_.lower() == "line" and any(
            c.dep_ == "amod" and c.lower_ == "red" for c in attr.children
        ):
            return "a red line"  # "giving up territory is a red line"
        if attr.lower_ in ("nonstarter", "dealbreaker"):
            return f"a {attr.text}"  # (spaCy splits the hyphenated spellings)
    for prep in verb.children:
        if prep.dep_ != "prep":
            continue
        if prep.lower_ == "off" and any(
            g.dep_ == "pobj" and g.lower_ == "table" for g in prep.children
        ):
            return "off the table"
        if prep.lower_ == "out" and any(
            c.dep_ == "prep" and c.lower_ == "of" and any(
                g.dep_ == "pobj" and g.lower_ == "question" for g in c.children)
            for c in prep.children
        ):
            return "out of the question"
    return None


def _priority_copula(verb: Token, below: Token) -> Token | None:
    """The priority noun of a copula linking it to the issue ``below`` ("the priority is X",
    "X is our top priority"), if ``verb`` is one."""
    if verb.lemma_.lower() != "be" or below.dep_ not in ("attr", "nsubj"):
        return None
    other = "nsubj" if below.dep_ == "attr" else "attr"
    return next((c for c in verb.children if c.dep_ == other
                 and c.lemma_.lower() in PRIORITY_NOUNS), None)


def _effort(noun: Token) -> bool:
    """A party's effort noun: owned ("Trump's push", "his efforts") or the object of a verb
    ("pursuing diplomatic efforts"), whose clause is then what is sought."""
    lemma = noun.lemma_.lower()
    if lemma not in EFFORT_NOUNS:
        return False
    owner = _owner(noun)
    if noun.dep_ == "pobj" and noun.head.lower_ not in CIRCUMSTANCE_PREPS:
        return False  # "analysts see a strategy behind Washington's push": their reading
    if lemma in ("push", "bid"):
        return owner is not None  # "amid Trump's push to end the war"
    # "his efforts" as the object of the subject's verb are the subject's own; "welcomed
    # Trump's efforts", "grateful for his efforts" are a third party's word on them
    return noun.dep_ == "dobj" and (owner is None or owner.tag_ == "PRP$") and (
        noun.head.lemma_.lower() not in EVALUATING_VERBS | ACCEPTING_VERBS)


def _from_party(noun: Token) -> Token | None:
    """The object of the noun's "from" phrase ("pushback from Ukraine and Europe"), or of its
    verb's when the parser hangs the phrase there ("drew pushback from Ukraine")."""
    holders = [noun, noun.head] if noun.dep_ == "dobj" else [noun]
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ == "from":
                return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _voicer(noun: Token) -> Token | None:
    """The subject of the voicing verb whose object ``noun`` is, if any."""
    if noun.dep_ != "dobj" or noun.head.lemma_.lower() not in VOICING_VERBS:
        return None
    verb = noun.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
        return verb.head  # "Zelensky, who has expressed desires to …": the antecedent
    return subject


def _first_person(token: Token | None) -> bool:
    return token is not None and token.lower_ in ("i", "we")


# Demand frames: the verb above a cue that makes its clause a demand on another party.
_OBJECT_FRAME_VERBS = frozenset({
    "urge", "press", "push", "pressure", "ask", "tell", "call", "force", "give", "want",
    "need", "expect", "order", "instruct", "warn", "require", "encourage",
})
# "propose"/"suggest" belong here: "Trump has proposed that Ukrainian troops withdraw" is
# Trump's demand on Ukraine, never Trump offering the territory.
_CLAUSE_FRAME_VERBS = frozenset({
    "insist", "demand", "require", "urge", "ask", "press", "push", "propose", "suggest",
    "recommend", "hope", "expect",
})
# Verbs whose "into …ing" phrase is a demand made of their object: "pressure Ukraine into ceding".
_INTO_FRAME_VERBS = frozenset({"pressure", "force", "push", "press", "coerce", "bully",
                               "corner", "drag", "rush"})
# Verbs that move a party toward something: "push Putin toward negotiations".
_PUSHING_VERBS = _INTO_FRAME_VERBS | {"drive", "nudge", "bring"}
# Verbs whose passive says what its subject is made to do: "Kyiv would be required to cede".
_REQUIRING_VERBS = _OBJECT_FRAME_VERBS | {"oblige", "compel", "obligate"}
# Verbs whose "for X to …" clause is a demand made of X: "called for Ukraine to hold elections".
_FOR_FRAME_VERBS = frozenset({"call", "push", "press", "ask", "plead", "appeal", "lobby",
                              "advocate", "argue"})
# Nouns of a time limit set for another party's act: "a deadline for Kyiv to accept the plan".
DEADLINE_NOUNS = frozenset({"deadline", "ultimatum"})
# Position nouns whose "that" clause is a demand on its subject: "US suggestions that Kyiv hand
# over Donbas".
_CLAUSE_FRAME_NOUNS = frozenset({"suggestion", "proposal", "demand", "call", "insistence"})


def _demand_frame(cue: Token, must: bool) -> tuple[Token, Token | None] | None:
    """``(verb whose subject makes the demand, the party it is made of)``, or None.

    * object frame: "X urged Y to begin negotiations", "X gave Y until … to approve the plan",
      "X wants Y to cede …": the cue (or the infinitive clause holding it) hangs from a demand
      verb with an object;
    * clause frame: "X insisted that Y (must) withdraw / consider withdrawing", and for a
      "must" clause any reporting verb: "X said Y must begin negotiations" — the clause has its
      own subject, different from X.
    Agent and patient are never swapped: the subject of the frame verb is the holder.
    """
    if (clause := _time_for(cue)) is not None:
        return cue, _own_subject(clause)  # "it was time for Ukraine to hold an election"
    if ((timed := _time_for(cue.head)) is not None and timed.i == cue.i) or (
        cue.dep_ in ("relcl", "acl", "advcl") and cue.head.lemma_.lower() in DEADLINE_NOUNS
        and _for_clause_of_noun(cue)
    ):
        # "it's time for Ukraine to accept a peace deal", "the deadline for Ukraine to accept
        # his plan": what the clause's subject is to do is demanded of it, never its offer;
        # the one who sets the deadline ("imposed a deadline", "establishing Thursday as the
        # deadline") demands it
        noun = cue.head
        setter = noun.head if noun.dep_ == "dobj" else noun.head.head if (
            noun.dep_ == "pobj" and noun.head.lower_ == "as") else noun
        return setter, _own_subject(cue)
    if cue.dep_ == "pcomp" and cue.head.lower_ == "into" and (
        cue.head.head.lemma_.lower() in _INTO_FRAME_VERBS
    ) and (pressed := _frame_object(cue.head.head)) is not None:
        return cue.head.head, pressed  # "pressure Ukraine into ceding territory"
    if (insisted := _insisted_on(cue)) is not None:
        return insisted  # "insists on Ukraine surrendering Donetsk"
    if cue.lemma_.lower() in _PUSHING_VERBS and any(
        c.dep_ == "prep" and c.lower_ in TOWARD_PREPS for c in cue.children
    ) and (pushed := _frame_object(cue)) is not None:
        return cue, pushed  # "push Putin toward negotiations"
    # object frame: the cue itself is the demand verb ("urged Zelensky to begin …")
    obj = _frame_object(cue)
    if obj is not None and cue.lemma_.lower() in _OBJECT_FRAME_VERBS and any(
        c.dep_ in ("xcomp", "advcl", "ccomp") for c in cue.children
    ):
        return cue, obj
    current = cue
    own_subject = _own_subject(cue)
    for _ in range(3):
        if current.dep_ not in ("xcomp", "ccomp", "advcl", "conj", "acl", "relcl") or (
            current.head.i == current.i
        ):
            return None
        head = current.head
        lemma = _lemma(head)
        if (pressure := _pressure_on(current)) is not None:
            return _pressure_frame(pressure)
        if current.dep_ == "relcl" and not any(
            c.dep_ == "mark" and c.lower_ == "that" for c in current.children
        ):
            return None  # a relative clause, not the content of a proposal
        if current.dep_ in ("xcomp", "advcl", "acl") and lemma in _OBJECT_FRAME_VERBS and not (
            current.dep_ == "advcl" and any(c.dep_ == "mark" for c in current.children)
        ):
            # ("called Vance too radical after Vance suggested …": a time, not what he was
            # called to do)
            obj = _frame_object(head)
            if obj is not None:
                return head, obj
        if _for_clause(current) and own_subject is not None and lemma in _FOR_FRAME_VERBS:
            return head, own_subject  # "Trump called for Ukraine to hold elections"
        if current.dep_ == "advcl" and own_subject is None and lemma in _FOR_FRAME_VERBS and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in current.children
        ) and (party := next((g for c in head.children if c.dep_ == "prep" and c.lower_ == "for"
                              for g in c.children if g.dep_ == "pobj" and g.i < current.i),
                             None)) is not None:
            return head, party  # "advocating for Ukraine to cede territory", parsed apart
        if current.dep_ == "acl" and own_subject is None and lemma in DEMAND_NOUNS and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in current.children
        ) and (party := next((g for c in head.children if c.dep_ == "prep" and c.lower_ == "for"
                              for g in c.children if g.dep_ == "pobj" and g.i < current.i),
                             None)) is not None:
            # "Putin's demand for Ukraine to surrender Donetsk" is made of Ukraine; "backing
            # Putin's demand for Ukraine to …" makes it the backer's too
            if head.dep_ == "dobj" and _lemma(head.head) in BACKING_VERBS:
                return head.head, party
            return head, party
        if _for_clause(current) and own_subject is not None:
            # "Trump set a deadline of November 27 for Kyiv to accept the plan"
            if lemma in DEADLINE_NOUNS and head.dep_ == "dobj":
                return head.head, own_subject
            if any(c.dep_ == "dobj" and c.lemma_.lower() in DEADLINE_NOUNS for c in head.children):
                return head, own_subject
        if current.dep_ in ("acl", "ccomp", "relcl") and own_subject is not None and head.pos_ in (
            "NOUN", "PROPN"
        ) and lemma in _CLAUSE_FRAME_NOUNS and _owner(head) is not None:
            return head, own_subject  # "US suggestions that Kyiv hand over …"
        if current.dep_ == "acl" and own_subject is not None and lemma in HOPE_NOUNS and (
            head.dep_ == "dobj" and (hoper := _own_subject(head.head)) is not None
            and hoper.i != own_subject.i
        ):
            return head.head, own_subject  # "Trump expressed hope that Putin would agree …"
        if lemma == "suggest" and not _party_subject(head):
            return None  # "it suggests that …": the writer's inference, nobody's demand
        if lemma == "suggest" and current.dep_ == "ccomp" and (
            current.tag_ in ("VBD", "VBN", "VBZ") or any(
                c.dep_ in ("aux", "auxpass") and c.lemma_.lower() in ("have", "be", "do", "will")
                for c in current.children)
        ):
            return None  # "suggested that Trump and Putin have agreed …": a report, no proposal
        if current.dep_ == "ccomp" and own_subject is not None and (
            lemma in _CLAUSE_FRAME_VERBS or (must and lemma in REPORT_VERBS)
        ):
            # "Russia occupies … and demands Ukraine cede", "went into the summit demanding
            # that Ukraine give up territory": a verb without a subject of its own takes its
            # governor's
            holder = _own_subject(head) or _subject(head)
            if holder is not None and holder.i != own_subject.i:
                return head, own_subject
        if current.dep_ in ("conj", "xcomp"):
            # "Ukraine has to give up …": the obligation's subject is the clause's
            own_subject = own_subject or _own_subject(head)
        current = head
    return None


def _insisted_on(cue: Token) -> tuple[Token, Token] | None:
    """``(insist, the party)`` when the cue is a gerund with its own subject under "insist on":
    "insists on Ukraine surrendering Donetsk" (the gerund's subject), or the same with
    "Ukraine" parsed as the preposition's object and the gerund hung on the verb."""
    if cue.dep_ == "pcomp" and cue.head.lower_ in ("on", "upon"):
        verb, party = cue.head.head, _own_subject(cue)
    elif cue.dep_ == "advcl" and cue.tag_ == "VBG":
        verb = cue.head
        party = next((g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                      for g in c.children if g.dep_ == "pobj" and g.i == cue.i - 1), None)
    else:
        return None
    return (verb, party) if party is not None and verb.lemma_.lower() == "insist" else None


def _pressure_on(clause: Token) -> Token | None:
    """The noun "pressure" whose purpose an infinitive clause states: "pressure on Kyiv to
    accept the plan" (the clause hangs from the noun, or from the verb whose object it is)."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
        return None
    if clause.dep_ == "acl" and clause.head.lemma_.lower() in PRESSURE_NOUNS:
        return clause.head
    if clause.dep_ == "advcl":
        return next((c for c in clause.head.children if c.dep_ == "dobj"
                     and c.lemma_.lower() in PRESSURE_NOUNS), None)
    return None


def _pressure_frame(pressure: Token) -> tuple[Token, Token | None] | None:
    """``(who presses, who is pressed)`` for a pressure noun, as :func:`_demand_frame` gives:
    the pressure's owner ("U.S. pressure", "its pressure") or the subject of the verb that
    exerts it ("Washington put pressure on Ukraine"); the party "on" which it bears, or the
    subject of "face" ("Ukraine faces pressure to …"). Pressure that another party is urged to
    increase is the urging party's demand ("urged Washington to increase its pressure on
    Moscow to agree to a ceasefire")."""
    target = next((g for c in pressure.children if c.dep_ == "prep" and c.lower_ == "on"
                   for g in c.children if g.dep_ == "pobj"), None)
    governing = pressure.head if pressure.dep_ == "dobj" else None
    if governing is not None and target is None:
        # "Ukraine faces (growing) pressure to …": who faces it is pressed
        facing = next((v for v in (governing, governing.head) if v.lemma_.lower() in (
            THREAT_VERBS | {"face"})), None)
        if facing is not None:
            target = _own_subject(facing)
            governing = None  # the one facing it does not exert it
    if governing is not None and governing.dep_ == "xcomp" and (
        governing.head.lemma_.lower() in _OBJECT_FRAME_VERBS
    ) and (urged := _frame_object(governing.head)) is not None:
        return governing.head, urged
    if _owner(pressure) is not None:
        return pressure, target  # "U.S. pressure to agree to …": whom it bears on may go unsaid
    if governing is None or target is None:
        return None
    return governing, target


def _clause_below(cue: Token, root: Token) -> tuple[Token, Token] | None:
    """A demand verb whose complement clause, with its own subject, holds the issue:
    "Peskov insisted that Ukraine never join NATO" → (insisted, Ukraine)."""
    noun = cue.pos_ in ("NOUN", "PROPN")
    if cue.lemma_.lower() not in (_CLAUSE_FRAME_NOUNS if noun else _CLAUSE_FRAME_VERBS):
        return None
    if cue.lemma_.lower() == "suggest" and not _party_subject(cue):
        return None
    current = root
    for _ in range(8):
        if current.head.i == current.i:
            return None
        if current.head.i == cue.i:
            break
        current = current.head
    else:
        return None
    if current.dep_ != "ccomp" and not (noun and current.dep_ == "acl"):
        return None
    subject = _own_subject(current)
    return (cue, subject) if subject is not None else None


# Forms the small model lemmatises wrongly ("hopes" → "hop").
_MISLEMMATISED = {"hopes": "hope", "hoped": "hope", "hoping": "hope"}


def _lemma(token: Token) -> str:
    """The token's lemma, lower-cased, with the small model's known slips mended."""
    return _MISLEMMATISED.get(token.lower_, token.lemma_.lower())


def _time_for(noun: Token) -> Token | None:
    """The clause of "it is time for X to …" (``noun`` is "time", the copula's attribute)."""
    if noun.lower_ != "time" or noun.dep_ != "attr" or _negated(noun.head):
        return None
    return next((c for c in noun.children if c.dep_ in ("relcl", "acl") and any(
        m.dep_ == "mark" and m.lower_ == "for" for m in c.children)), None)


def _required_of(cue: Token) -> bool:
    """The cue is what its subject is required, pressed or asked to do, in the passive ("Kyiv
    would be required to cede territory"): the subject is the one asked, not the one who
    offers."""
    head = cue.head
    return cue.dep_ == "xcomp" and head.lemma_.lower() in _REQUIRING_VERBS and any(
        c.dep_ == "auxpass" for c in head.children)


def _for_clause_of_noun(verb: Token) -> bool:
    """``verb`` heads a "for X to …" clause, of a noun ("the deadline for Ukraine to …") or a
    verb (:func:`_for_clause`)."""
    return any(c.dep_ == "mark" and c.lower_ == "for" for c in verb.children) and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _for_clause(verb: Token) -> bool:
    """``verb`` heads a "for X to …" clause: "calls for Ukraine to cede …"."""
    return verb.dep_ in ("advcl", "ccomp", "xcomp") and _for_clause_of_noun(verb)


def _receiver(root: Token, issue: Issue | None, index: MentionIndex) -> str | None:
    """The party a received issue is for: "security guarantees for Ukraine"."""
    if issue is None or not issue.received:
        return None
    for prep in root.children:
        if prep.dep_ == "prep" and prep.lower_ in ("for", "to"):
            for obj in prep.children:
                if obj.dep_ == "pobj" and (party := _anchor(obj, index)) is not None:
                    return party
    return None


def _proposer(root: Token, index: MentionIndex) -> str | None:
    """The party whose proposal the issue phrase names: "a U.S. ceasefire proposal", "the
    American proposal for a ceasefire"."""
    noun = None
    if root.dep_ == "compound" and root.head.lemma_.lower() in PROPOSING_NOUNS:
        noun = root.head
    elif root.dep_ == "pobj" and root.head.lower_ == "for" and (
        root.head.head.lemma_.lower() in PROPOSING_NOUNS
    ):
        noun = root.head.head
    if noun is None:
        return None
    # "a U.S. ceasefire proposal" is parsed with "U.S." on "ceasefire"
    owner = _owner(noun) or next((c for c in root.children if c.dep_ == "compound"
                                  and c.pos_ == "PROPN" and c.i < root.i), None)
    return _anchor(owner, index) if owner is not None else None


def _undone(root: Token) -> bool:
    """The issue phrase names what a noun of undoing undoes: "demilitarization reversal", "the
    repeal of the caps"."""
    if root.dep_ == "compound":
        return root.head.lemma_.lower() in UNDOING_NOUNS
    return root.dep_ == "pobj" and root.head.lower_ == "of" and (
        root.head.head.lemma_.lower() in UNDOING_NOUNS)


def _shown_not(noun: Token) -> bool:
    """``noun`` is a position noun that a negated verb of showing has as its object: "has not
    shown a willingness", "did not express any desire"."""
    return noun.pos_ == "NOUN" and noun.lemma_.lower() in NOUN_CUES and noun.dep_ == "dobj" and (
        noun.head.lemma_.lower() in VOICING_VERBS and _negated(noun.head))


def _takes_relative(verb: Token) -> bool:
    """``verb`` (an infinitive under a relative clause) has the relative pronoun as its object:
    "a demand that Kyiv has refused to entertain"."""
    return verb.dep_ == "xcomp" and any(
        c.dep_ == "dobj" and c.lower_ in RELATIVE_PRONOUNS for c in verb.children)


def _own_subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.tag_ not in ("WP", "WDT"):
            return child
    return None


def _frame_object(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("dobj", "dative", "obj", "iobj") and child.pos_ in ("PROPN", "NOUN"):
            return child
        if child.dep_ == "prep" and child.lower_ == "on" and verb.lemma_.lower() == "call":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _strength(cue: Token, holder_verb: Token, phrase: Any, direction: str) -> str:
    """red_line / demand / openness from the words around the cue (see PositionStatement)."""
    words = {t.lower_ for t in [*cue.children, *holder_verb.children, *phrase]}
    words |= {t.lower_ for c in cue.children if c.dep_ in ("dobj", "prep") for t in c.subtree}
    sentence = cue.sent.text.lower()
    if direction == "offers":
        return "openness"
    if words & HEDGE_WORDS - {"some"}:
        return "openness"
    if "red line" in sentence or words & (RED_LINE_WORDS - {"any"}):
        return "red_line"
    if direction == "refuses" and "any" in words:
        return "red_line"
    return "demand"


def _disowned_report(cue: Token) -> bool:
    """The cue's clause is the content of reports a party will not confirm: "Peskov declined to
    address reports that Moscow is seeking revisions"."""
    current = cue
    for _ in range(3):
        if current.head.i == current.i:
            return False
        if current.dep_ in ("acl", "ccomp", "relcl") and current.head.pos_ == "NOUN" and (
            current.head.lemma_.lower() in REPORT_NOUNS
        ):
            return any(a.lemma_.lower() in DISOWNING_VERBS
                       for a in list(current.head.ancestors)[:2])
        current = current.head
    return False


def _own_announcement(verb: Token) -> bool:
    """``verb`` is what its subject says it will do: "we'll meet …" (first person), or "he
    will meet …" reported by a verb of saying whose subject he is."""
    subject = _own_subject(verb)
    if _first_person(subject):
        return True
    if subject is None or subject.lower_ not in ("he", "she", "they") or verb.dep_ != "ccomp":
        return False
    return verb.head.lemma_.lower() in REPORT_VERBS | {"announce"} and (
        _own_subject(verb.head) is not None)


def _party_subject(verb: Token) -> bool:
    """The verb's subject can be a party: a name, an agent noun ("officials"), or a personal
    pronoun — not "it", "this" or a thing."""
    subject = _own_subject(verb)
    if subject is None:
        return False
    if subject.pos_ == "PRON":
        return subject.lower_ in ("he", "she", "they", "we", "i")
    return subject.pos_ == "PROPN" or subject.lemma_.lower() in AGENT_HEADS


def _speculated(cue: Token) -> bool:
    """The cue is hedged as a guess ("probably wants", "perhaps would accept") and its subject is
    not the speaker: a guess about someone else's mind."""
    guessed = any(c.dep_ == "advmod" and c.lower_ in SPECULATION_WORDS for c in cue.children)
    if guessed and not _first_person(_subject(cue)):
        return True
    # "the delegation believed Putin showed a desire for peace", "fearing that Trump and Putin
    # could reach a deal": one party's belief about another's mind
    noun = cue.pos_ in ("NOUN", "PROPN")
    if noun and cue.dep_ == "pobj" and cue.head.lower_ in ("about", "over", "of") and (
        cue.head.head.lemma_.lower() in BELIEF_NOUNS
    ):
        return True  # "voiced doubt about Putin's readiness to end the war"
    current = cue.head if noun and cue.dep_ == "dobj" else cue  # "showed a desire for …"
    if cue.dep_ in ("acomp", "oprd"):
        current = cue.head  # "concerns that Trump may be ready to …": the copula's clause
    for _ in range(3):
        if current.dep_ not in ("ccomp", "xcomp", "conj", "acl", "relcl") or (
            current.head.i == current.i
        ):
            return False
        head = current.head
        if (current.dep_ == "ccomp" and head.lemma_.lower() in BELIEF_VERBS) or (
            current.dep_ in ("acl", "relcl") and head.pos_ == "NOUN"
            and head.lemma_.lower() in BELIEF_NOUNS
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in current.children)
        ):
            if head.pos_ == "NOUN":
                head = head.head  # "voiced doubt that …": the one voicing it
            believer, own = _own_subject(head), _owner(cue) if noun else _subject(cue)
            if _first_person(believer) and _first_person(own):
                return False  # "I hope we will reach a ceasefire": the speaker's own side
            return believer is None or own is None or believer.lower_ != own.lower_
        current = head
    return False


def _restrictive_condition(clause: Token) -> bool:
    """An adverbial clause that states the condition: "only if …", "only after …", "unless …",
    "until …"."""
    if clause.dep_ not in ("advcl", "conj"):
        return False  # "X, but only if Y …" is sometimes parsed as a conjunct
    for child in clause.children:
        if child.dep_ != "mark":
            continue
        if child.lower_ in EXCLUSIVE_CONDITION_MARKS:
            return True
        prev = child.doc[child.i - 1] if child.i > 0 else None
        if child.lower_ in CONDITION_MARKS and prev is not None and prev.lower_ == "only":
            return True
        if child.lower_ in CONDITION_MARKS and any(
            c.dep_ == "advmod" and c.lower_ == "only" for c in clause.head.children
        ):
            return True  # "can only be implemented after …"
    return False


def _before_mark(token: Token) -> bool:
    """``token`` opens a condition ("only if", "only after"), not a restriction of the verb."""
    doc = token.doc
    return token.i + 1 < len(doc) and doc[token.i + 1].lower_ in (
        CONDITION_MARKS | EXCLUSIVE_CONDITION_MARKS)


def _moved_away_from(cue: Token) -> bool:
    """A position noun that its owner moves away from: "shifted away from his demand"."""
    head = cue.head
    return cue.pos_ == "NOUN" and cue.dep_ == "pobj" and head.lower_ == "from" and (
        any(c.lower_ == "away" for c in head.head.children) or head.head.lower_ == "away")


def _harmed_by_those_refused(root: Token, cue: Token) -> bool:
    """The issue is what a relative clause's harm verb harms, and the refused noun is the
    harmer: "criticizing warmongers who undermine the peace plan"."""
    harm = root.head
    return root.dep_ in ("dobj", "obj") and harm.lemma_.lower() in HARM_VERBS and (
        harm.dep_ == "relcl" and harm.head.head.i == cue.i and not _negated(harm))


def _deferred(cue: Token) -> bool:
    """The cue is what its subject would do only after something else: "real guarantees
    before considering any negotiations", "prior to agreeing to a truce"."""
    head = cue.head
    if cue.dep_ == "pcomp" and head.lower_ == "before":
        return True
    if cue.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "before"
                                   for c in cue.children):
        return True  # "guarantees are paramount before any ceasefire can be considered"
    return cue.dep_ == "pcomp" and head.lower_ == "to" and head.head.lower_ == "prior"


ACCUSING_VERBS = frozenset({"accuse", "blame", "fault", "criticise", "criticize", "condemn"})


def _topic_of_talks(cue: Token) -> bool:
    """The cue is what talks are held on, or what no agreement has been reached on: "talks on
    giving up territory", "there was still no agreement on giving up territory" (nobody gives
    it up; an agreement reached on it is read from the agreeing verb instead)."""
    if cue.dep_ != "pcomp" or cue.head.lower_ not in ("on", "over", "about"):
        return False
    noun = cue.head.head
    if noun.lemma_.lower() in TOPIC_TALK_NOUNS:
        return True
    return noun.lemma_.lower() in SETTLED_NOUNS and any(
        c.dep_ == "det" and c.lower_ == "no" for c in noun.children)


def _accused_of(cue: Token) -> bool:
    """The cue is what someone is charged with: "accused Russia of rejecting the ceasefire",
    "blamed Moscow for blocking the talks", "accused it of failing to uphold its promise of a
    ceasefire" — the guideline counts a charge as no one's position."""
    current = cue
    for _ in range(3):
        if current.dep_ == "pcomp" and current.head.dep_ == "prep" and (
            current.head.lower_ in ("of", "for")
        ) and current.head.head.lemma_.lower() in ACCUSING_VERBS:
            return True
        if current.dep_ not in ("pcomp", "xcomp") or current.head.i == current.i:
            return False
        current = current.head
    return False


def _condition_on(root: Token, cue: Token) -> Token | None:
    """The restrictive condition clause of ``cue`` that holds the issue phrase, if any."""
    current = root
    for _ in range(MAX_CLIMB + 2):
        if current.head.i == current.i:
            return None
        if current.head.i == cue.i:
            return current if _restrictive_condition(current) else None
        current = current.head
    return None


def _withheld_unless(cue: Token, root: Token) -> Token | None:
    """The "unless" clause of a negated cue whose subject is a named party other than the
    cue's own (the issue lies outside it): "would not provide guarantees unless Europe had …"."""
    if not _negated(cue):
        return None
    return next((clause for clause, other in _others_conditions(cue, root)
                 if clause.dep_ == "advcl" and other.pos_ == "PROPN" and any(
                     c.dep_ == "mark" and c.lower_ == "unless" for c in clause.children)), None)


def _others_conditions(cue: Token, root: Token) -> Iterator[tuple[Token, Token]]:
    """``(clause, its subject)`` for each restrictive condition of ``cue`` whose subject is not
    the cue's own, the issue ``root`` lying outside it."""
    own = _subject(cue)
    for child in cue.children:
        if not _restrictive_condition(child) or root.i in {t.i for t in child.subtree}:
            continue
        other = _own_subject(child)
        if other is not None and (own is None or other.lower_ != own.lower_):
            yield child, other


def _has_condition(cue: Token, root: Token) -> bool:
    """``cue`` carries a restrictive condition whose subject is not its own (the issue lies
    outside it): "would accept a ceasefire only if Ukraine withdrew"."""
    return next(_others_conditions(cue, root), None) is not None


def _document_content(cue: Token, issue_root: Token | None = None) -> bool:
    """The cue's clause is what a document says: "the plan would require Ukraine to cede …",
    "the deal could involve Ukraine giving up …", "a 2022 draft agreement proposing Ukrainian
    neutrality" (the party in it states nothing). A participle with its agent on the issue's
    own document ("the plan proposed by Trump") is the proposer's, not the text's, and an
    infinitive ("accept a U.S. proposal to implement a ceasefire") what the one accepting it
    takes on."""
    if cue.dep_ == "acl" and cue.tag_ in ("VBG", "VBN") and (
        cue.head.lemma_.lower() in DOCUMENT_NOUNS
    ) and (
        issue_root is None or cue.head.i != issue_root.i
    ) and _own_subject(cue) is None and not any(c.dep_ == "agent" for c in cue.children):
        return True
    current = cue
    for _ in range(4):
        if (current.dep_ not in ("xcomp", "ccomp", "conj") and not _for_clause(current)) or (
            current.head.i == current.i
        ):
            return False
        current = current.head
        subject = _own_subject(current)
        if current.pos_ in ("VERB", "AUX") and subject is not None and (
            subject.lemma_.lower() in DOCUMENT_NOUNS
        ):
            return True
        if current.dep_ in ("acl", "relcl") and current.head.lemma_.lower() in DOCUMENT_NOUNS and (
            current.pos_ == "VERB" and _own_subject(current) is None
        ):
            return True  # "the 28-point plan requiring Ukraine to cede …", "a deal that …"
    return False


def _precondition_of_other(cue: Token) -> bool:
    """The cue's clause only follows a demand made first: "Ukraine must withdraw … before
    Russia would consider a ceasefire" — the ceasefire is not offered, the withdrawal is
    required."""
    if cue.dep_ != "advcl" or not any(
        c.dep_ == "mark" and c.lower_ in ("before", "until") for c in cue.children
    ):
        return False
    head = cue.head
    return any(c.dep_ == "aux" and c.lower_ in MODALS_OF_DEMAND for c in head.children) or (
        _obligation(head))


def _obligation(cue: Token) -> bool:
    """The cue is what its subject "has to" or "needs to" do: "Ukraine has to give up …"."""
    current = cue
    for _ in range(3):
        if current.dep_ == "conj":
            current = current.head
            continue
        return current.dep_ == "xcomp" and current.head.lemma_.lower() in ("have", "need") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
    return False


def _rejected_alternative(root: Token, cue: Token) -> bool:
    """The issue is the alternative set against what the cue governs: "peace, not a ceasefire",
    "a settlement rather than a ceasefire" ("not only X but Y" rejects nothing)."""
    current = root
    for _ in range(MAX_CLIMB):
        if current.i == cue.i or current.head.i == current.i:
            return False
        head = current.head
        if current.dep_ in ("appos", "conj") and any(
            c.dep_ in ("neg", "preconj") and c.lower_ == "not" and head.i < c.i < current.i
            and c.doc[c.i + 1].lower_ != "only"
            for c in [*current.children, *head.children]
        ):
            return True
        if current.dep_ == "conj" and any(
            c.dep_ == "cc" and c.lower_ == "than" and c.i < current.i
            for c in current.head.children
        ):
            return True
        current = current.head
    return False


def _possessor_frame(cue: Token, root: Token) -> tuple[Token, Token] | None:
    """``(cue, party)`` when a demand's object is a named party's own act or state: "demands
    such as Ukraine's neutrality", "insisted on Kyiv's withdrawal" are made of that party."""
    if cue.lemma_.lower() not in DEMAND_NOUNS | {"insist", "require"}:
        return None
    owner = next((c for c in root.children if c.pos_ == "PROPN" and (
        c.dep_ == "poss" or c.dep_ == "nmod" and any(  # "in particular, Ukraine’s neutrality"
            g.dep_ == "case" and g.lower_ in ("'s", "’s") for g in c.children))), None)
    return (cue, owner) if owner is not None else None


def _importance_frame(cue: Token) -> tuple[Token, Token] | None:
    """``(the copula, the clause's subject)`` when the cue's clause is what "it is important /
    essential / crucial that …": the one saying so wants it of that subject ("It is important
    that America agrees to provide guarantees" is the speaker's demand on America)."""
    current = cue
    for _ in range(4):
        if current.dep_ not in ("xcomp", "advcl", "ccomp", "conj") or current.head.i == current.i:
            return None
        head = current.head
        if current.dep_ == "ccomp" and head.lemma_.lower() == "be" and any(
            c.dep_ == "acomp" and c.lemma_.lower() in IMPORTANCE_WORDS for c in head.children
        ) and any(c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in head.children):
            subject = _own_subject(current)
            return (head, subject) if subject is not None else None
        current = head
    return None


def _possibility_of(root: Token, cue: Token) -> bool:
    """The issue is what a possibility, prospect or chance is of: "the possibility of talks"."""
    current = root
    for _ in range(MAX_CLIMB):
        if current.i == cue.i or current.head.i == current.i:
            return False
        head = current.head
        if current.dep_ == "pobj" and head.lower_ == "of" and (
            head.head.lemma_.lower() in POSSIBILITY_NOUNS and head.head.head.i == cue.i
        ):
            return True
        current = head
    return False


def _questioned(root: Token, cue: Token) -> bool:
    """The issue or its cue is asked about: "what (kind of) concessions …", "whether Kyiv
    accepts …", "did not agree on what would happen to the Donbas"."""
    noun = root
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN":
        noun = root.head.head  # "what kind of concessions"
    if any(c.dep_ in ("det", "mark") and c.lower_ in QUESTION_WORDS
           for c in [*root.children, *noun.children]):
        return True
    if any(c.dep_ == "mark" and c.lower_ == "whether" for c in cue.children):
        return True
    sent = cue.sent
    subject = _own_subject(cue)
    if sent[-1].text == "?" or (len(sent) > 1 and sent[-2].text == "?"):
        if subject is not None and any(
            c.dep_ == "aux" and c.i < subject.i for c in cue.children
        ):
            return True  # "Can foreign contingents provide security guarantees to Kyiv?"
    clause = cue
    for _ in range(3):
        # "whether Putin tried to deflect the sanctions by offering a ceasefire": the cue lies
        # inside an embedded question opened higher up
        if clause.dep_ not in ("xcomp", "pcomp", "prep", "advcl", "pobj") or (
            clause.head.i == clause.i
        ):
            break
        clause = clause.head
        if any(c.dep_ == "mark" and c.lower_ == "whether" for c in clause.children):
            return True
    current = root
    for _ in range(MAX_CLIMB):
        if current.i == cue.i or current.head.i == current.i:
            return False
        if current.pos_ in ("VERB", "AUX") and current.dep_ in ("ccomp", "pcomp", "pobj") and any(
            c.tag_ in ("WP", "WDT", "WRB") and c.dep_ != "advmod" or c.lower_ == "whether"
            for c in current.children if c.i < current.i
        ):
            return True  # an embedded question: "… agree on what would happen to X"
        current = current.head
    return False


def _exchanged_for(root: Token, cue: Token) -> bool:
    """The issue is what the holder would get "in exchange for" / "in return for"."""
    current = root
    for _ in range(MAX_CLIMB):
        if current.i == cue.i or current.head.i == current.i:
            return False
        head = current.head
        if current.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_.lower() in (
            "exchange", "return"
        ) and head.head.head.lower_ == "in":
            return True
        current = head
    return False


def _superseded(cue: Token) -> bool:
    """A former stance the sentence says has changed: "who had previously opposed a ceasefire,
    now agree …"."""
    return any(c.dep_ == "advmod" and c.lower_ in ("previously", "formerly") for c in cue.children
               ) and any(t.lower_ == "now" for t in cue.sent)


def _hypothetical(cue: Token) -> bool:
    """The cue lies inside a plain "if" clause ("if the idea is to demand a ceasefire, it won't
    work") or an inverted one ("should Russia refuse to agree to the ceasefire", "had Kyiv
    accepted the deal"): a supposition, not a stance ("only if" conditions are handled as red
    lines). So is what someone "should have" done ("Zelenskyy should have sought negotiations
    before the invasion"): a judgement of the past, not the subject's position."""
    subject = _own_subject(cue)
    if subject is not None and subject.left_edge.i >= 2 and (
        cue.doc[subject.left_edge.i - 2].lower_ == "in"
        and cue.doc[subject.left_edge.i - 1].lower_ == "case"
    ):
        return True  # "in case Russia refuses to stop its war": a supposition
    if cue.tag_ == "VBN" and not _first_person(subject) and {"should", "have"} <= {
        c.lower_ for c in cue.children if c.dep_ == "aux"
    }:
        return True
    current = cue
    for _ in range(MAX_CLIMB):
        if current.head.i == current.i:
            return False
        if current.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ == "if" for c in current.children
        ) and not _restrictive_condition(current):
            return True
        if current.dep_ in ("advcl", "ccomp") and _inverted_condition(current):
            return True
        current = current.head
    return False


def _inverted_condition(clause: Token) -> bool:
    """A subordinate clause opened by "should", "had" or "were" before its subject: "should
    Russia refuse …", "had Kyiv accepted …", "were Moscow to agree …"."""
    subject = _own_subject(clause)
    return subject is not None and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in ("should", "had", "were")
        and c.i < subject.i and c.i == clause.left_edge.i
        for c in clause.children
    )


def _evaluation_of(verb: Token) -> tuple[str, str] | None:
    """``(direction, cue text)`` when a verb of judging has an evaluative adjective as its
    complement, directly or after "as": "deeming the amendments unacceptable", "called the
    provision encouraging", "described it as doable"."""
    for child in verb.children:
        adjectives = [child] if child.dep_ in ("oprd", "acomp", "ccomp", "xcomp") else [
            g for g in child.children if g.dep_ in ("pobj", "amod", "acomp")
        ] + [
            # "described it as a positive step": the adjective on the noun after "as"
            a for g in child.children if g.dep_ == "pobj" and g.pos_ == "NOUN"
            for a in g.children if a.dep_ == "amod" and a.i < g.i
        ] if child.dep_ == "prep" and child.lower_ == "as" else [
            # "called the proposal positive", the adjective parsed as the object's modifier
            g for g in child.children if g.dep_ == "amod" and g.i > child.i
        ] if child.dep_ == "dobj" else []
        if child.dep_ == "dobj" or (child.dep_ == "prep" and child.lower_ != "as"):
            # "considers any negotiations without its involvement as meaningless": the "as"
            # the parser hung on a noun after the object, below no verb of its own
            adjectives += [
                g for t in child.subtree if t.dep_ == "prep" and t.lower_ == "as"
                and (above := _verb_above(t)) is not None and above.i == verb.i
                for g in t.children if g.dep_ in ("pobj", "amod")
            ]
        if child.dep_ == "prep" and child.lower_ == "as":
            for noun in child.children:
                judged = EVALUATION_NOUNS.get(noun.lemma_.lower())
                if noun.dep_ == "pobj" and noun.pos_ == "NOUN" and judged is not None:
                    return judged, f"{verb.text} … {noun.text}"  # "considered as targets"
        for adj in adjectives:
            direction = EVALUATIONS.get(adj.lemma_.lower()) or EVALUATIONS.get(adj.lower_)
            if adj.pos_ != "ADJ" or direction is None:
                continue
            if _negated(adj):
                return FLIP[direction], f"{verb.text} … not {adj.text}"
            return direction, f"{verb.text} … {adj.text}"
    return None


def _counter_turn(direction: str, cue_text: str) -> tuple[str, str] | None:
    """A stance on what the issue takes away, as a stance on the issue: wanting (or offering)
    more of it refuses the issue ("sanctions are needed", "new sanctions backed by the United
    States" refuse their relief); refusing more of it is not asking for the issue (None)."""
    if direction == "refuses":
        return None
    return "refuses", f"{cue_text} (more)"


def _rival(root: Token) -> bool:
    """The phrase names a plan of its own against the issue's proposal: "the new peace plan",
    "an alternative plan", "a counter-proposal"."""
    return any(c.dep_ in ("amod", "compound") and c.lower_ in RIVAL_WORDS
               for c in root.children) or root.lower_.startswith("counter")


def _verb_above(token: Token) -> Token | None:
    """The nearest verb above ``token`` (None at the root)."""
    current = token
    while current.head.i != current.i:
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
    return None


def _relief_named(root: Token, cue: Token) -> bool:
    """A word of removal qualifies the phrase or lies between it and its cue: "the lifting of
    Western sanctions", "sanctions to be eased", "eased sanctions"."""
    if any(c.dep_ in ("amod", "compound") and c.lemma_.lower() in REMOVAL_WORDS
           for c in root.children):
        return True
    current = root
    for _ in range(MAX_CLIMB + 2):
        if current.head.i == current.i or current.head.i == cue.i:
            return _removal(cue)
        current = current.head
        if _removal(current):
            return True
    return False


def _removal(token: Token) -> bool:
    """A word of removal; "roll" only as "roll back" ("roll over sanctions" extends them)."""
    if token.lemma_.lower() == "roll":
        return any(c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in token.children)
    return token.lemma_.lower() in REMOVAL_WORDS or token.lower_ in REMOVAL_WORDS


def _more_of(root: Token, index: MentionIndex, side: Callable[[str], str]) -> Token | None:
    """The verb of more whose object the phrase is, or qualifies ("increase the pressure of
    sanctions"), when a party is its subject; or the threat of it a party makes ("threatened
    to impose sanctions", "warned of tougher sanctions")."""
    if (warned := _warned_of(root, index, side)) is not None:
        return warned
    if (reported := _reported_threat(root, index, side)) is not None:
        return reported
    noun = root
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN":
        noun = root.head.head
    elif root.dep_ == "compound":
        noun = root.head
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in MORE_VERBS or _negated(verb):
        return None
    subject = _own_subject(verb)
    if subject is None and verb.dep_ == "xcomp" and verb.head.lemma_.lower() in (
        DEMAND_VERBS | THREATEN_VERBS
    ) and not _negated(verb.head):
        # "calling on Trump to adopt sanctions": the demand frame finds who asks;
        # "threatened to impose sanctions": who threatens, unless it is the sanctioned side
        threatening = _own_subject(verb.head)
        anchor = _anchor(threatening, index) if threatening is not None else None
        if anchor is not None and side(anchor) == SANCTIONED:
            return None
        return verb
    if subject is None or (_anchor(subject, index) is None and not _party_subject(verb)):
        return None
    return verb


def _warned_of(noun: Token, index: MentionIndex, side: Callable[[str], str]) -> Token | None:
    """``warn`` (or ``threaten``) whose "of" the noun is, with a party subject: "Macron warned
    Russia of massive sanctions" threatens them ("Peskov warned of new sanctions" does not: the
    sanctioned side threatens no sanctions)."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "of" or prep.dep_ != "prep":
        return None
    verb = prep.head
    if verb.lemma_.lower() not in THREATEN_VERBS or _negated(verb):
        return None
    subject = _own_subject(verb)
    anchor = _anchor(subject, index) if subject is not None else None
    if anchor is None or side(anchor) == SANCTIONED:
        return None
    return verb


def _reported_threat(
    noun: Token, index: MentionIndex, side: Callable[[str], str]
) -> Token | None:
    """The saying or warning verb of a party that reports a threat on another: "Trump said
    Russia would face severe sanctions", "warned that new sanctions would be imposed on
    Moscow"."""
    verb = noun.head
    lemma = verb.lemma_.lower()
    if noun.dep_ == "dobj" and lemma == "face":
        threatened = _own_subject(verb)
        if threatened is None or _anchor(threatened, index) is None:
            return None
    elif noun.dep_ == "nsubjpass" and lemma in MORE_VERBS:
        threatened = None
    else:
        return None
    if _negated(verb) or verb.dep_ != "ccomp":
        return None
    reporter = verb.head
    if reporter.lemma_.lower() not in SAYING_VERBS | THREATEN_VERBS or _negated(reporter):
        return None
    subject = _own_subject(reporter)
    if subject is None or (anchor := _anchor(subject, index)) is None:
        return None
    if side(anchor) == SANCTIONED or threatened is not None and side(
        _anchor(threatened, index) or ""
    ) != SANCTIONED:
        # "Peskov said Russia would face sanctions", "Lavrov said Europe would face sanctions":
        # only a threat of the sanctions on Russia is a stance on their relief
        return None
    return reporter


def _cannot(verb: Token) -> bool:
    """The verb (or the verb it is coordinated with) is under a negated "can" or "could":
    "cannot offer", "could not dictate … or veto"."""
    for v in (verb, verb.head if verb.dep_ == "conj" else verb):
        aux = {c.lower_ for c in v.children if c.dep_ == "aux"}
        if aux & {"can", "could", "ca"} and any(c.dep_ == "neg" for c in v.children):
            return True
    return False


def _in_order_to(clause: Token) -> bool:
    """The clause is marked "in order to" / "so as to": a purpose."""
    doc = clause.doc
    marks = [c for c in clause.children if c.dep_ == "mark"]
    return any(m.lower_ == "in" and m.i + 1 < len(doc) and doc[m.i + 1].lower_ == "order"
               or m.lower_ == "so" for m in marks)


def _modifier_only(
    phrase: Span, matches: Sequence[tuple[int, int, int]], *, mutual: bool = False
) -> bool:
    """The phrase only modifies a noun ("peace" in "peace process", "peace deal"), or lies
    inside a longer issue phrase of the lexicon: it is not itself the issue talked about. An
    agreement named by a mutual issue is that issue ("an energy ceasefire agreement")."""
    if any(s <= phrase.start and phrase.end <= e and (s, e) != (phrase.start, phrase.end)
           for _, s, e in matches):
        return True
    root = phrase.root
    if root.dep_ == "compound" and root.head.lemma_.lower() in BREACH_NOUNS:
        return True  # "repel ceasefire violations": the violations are talked about
    if mutual and root.dep_ == "compound" and root.head.lemma_.lower() in (
        AGREEMENT_NOUNS | INITIATIVE_NOUNS
    ):
        return False  # "the ceasefire initiative", "the ceasefire plan": a ceasefire, proposed
    return root.dep_ == "compound" and root.head.lemma_.lower() in PROCESS_NOUNS


def _on_terms_of(root: Token) -> bool:
    """The issue is qualified as a party's version: "peace on Ukraine's terms"."""
    return any(
        c.dep_ == "prep" and c.lower_ == "on" and any(
            g.dep_ == "pobj" and g.lemma_.lower() == "term" and any(
                h.dep_ == "poss" for h in g.children)
            for g in c.children)
        for c in root.children
    )


def _wanted_against_itself(phrase: Span, issue: str, spans: dict[int, str]) -> bool:
    """The phrase is the want an alternative of the same issue is set against ("peace, not a
    ceasefire"): the lexicon cannot tell the two apart, so neither is read as wanted."""
    return any(
        spans.get(c.i) == issue and _rejected_alternative(c, phrase.root)
        for c in phrase.root.children if c.dep_ in ("appos", "conj")
    )


def _sentence_break_between(a: Token, b: Token) -> bool:
    lo, hi = sorted((a.i, b.i))
    return any(t.text in (".", "!", "?") for t in a.doc[lo + 1:hi])


def _enclosing_quote(offset: int, quotes: Sequence[Quote], starts: list[int]) -> Quote | None:
    i = bisect.bisect_right(starts, offset) - 1
    best: Quote | None = None
    # Quotes may nest (a direct fragment inside indirect speech): prefer one with a speaker.
    while i >= 0 and offset - quotes[i].start < 5000:
        q = quotes[i]
        if q.start <= offset < q.end and (best is None or (best.actor_id is None and q.actor_id)):
            best = q
        i -= 1
    return best


__all__ = ["Issue", "IssueLexicon", "PositionExtractor", "extract_positions", "side_of"]


def _issue_key_and_covered(
    doc: Doc, matches: Sequence[tuple[int, int, int]], issue: str
) -> tuple[int, set[int]]:
    """The match key of ``issue`` and the tokens the lexicon's matches already cover: a
    structural issue rule adds a match only where the lexicon found none."""
    covered = {i for _, s, e in matches for i in range(s, e)}
    return doc.vocab.strings.add(issue), covered
