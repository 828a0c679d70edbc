"""A German translation of the seed project (article, templates, issue), by msgid: what a
translator of a third language would put in ``content/de/*.po`` (tests/test_languages.py)."""

from __future__ import annotations

#: ``content/de/7-keer-magnesium-voor-de-hersenen.po``.
ARTICLE = {
    "7 keer magnesium voor de hersenen": "Magnesium für das Gehirn: 7 Anwendungen",
    "Door de algemeenheid van de symptomen zoals moeheid en spierkrampen blijven "
    "magnesiumtekorten vaak onopgemerkt. Onderzoeker Jeroen de Baaij laat zien dat dit bij "
    "sommige patiënten tot geestelijke beperkingen kan leiden. Vroegtijdig ingrijpen is dus "
    "essentieel.": "Weil die Symptome wie Müdigkeit und Muskelkrämpfe so unspezifisch sind, "
    "bleibt ein Magnesiummangel oft unbemerkt. Der Forscher Jeroen de Baaij zeigt, dass dies "
    "bei manchen Patienten zu geistigen Beeinträchtigungen führen kann. Ein frühzeitiges "
    "Eingreifen ist daher unerlässlich.",
    "Jeroen de Baaij is een onderzoeker om in de gaten te houden. Momenteel werkt hij bij de "
    "afdeling Fysiologie van het Radboud UMC. Op basis van zijn uitgebreide reviewartikel "
    "Magnesium in man: implications for health and disease geven we hieronder zeven "
    "toepassingen van magnesium op het gebied van de hersenstofwisseling. Maar om te "
    "begrijpen wat Baaij heeft ontdekt, moeten we wel eerst weten wat de NMDA-receptor is.": (
        "Jeroen de Baaij ist ein Forscher, den man im Auge behalten sollte. Derzeit arbeitet "
        "er in der Abteilung Physiologie des Radboud UMC. Auf der Grundlage seines "
        "ausführlichen Übersichtsartikels „Magnesium in man: implications for health and "
        "disease“ stellen wir im Folgenden sieben Anwendungen von Magnesium im Bereich des "
        "Hirnstoffwechsels vor. Um zu verstehen, was De Baaij entdeckt hat, müssen wir aber "
        "zuerst wissen, was der NMDA-Rezeptor ist."
    ),
    "Wat is de NMDA-receptor?": "Was ist der NMDA-Rezeptor?",
    "NMDA-receptoren zijn receptoren in de hersenen die onder andere essentieel zijn voor "
    "zenuwtransmissie en neuroplasticiteit, waardoor ze een belangrijke rol spelen in "
    "hersenontwikkeling, leercapaciteit en geheugen. Magnesium speelt een belangrijke rol in "
    "de gevoeligheid van deze NMDA-receptor. Wanneer er een tekort aan magnesium ontstaat, "
    "kunnen ze minder goed functioneren. Lage serumgehalten magnesium zijn daarom gerelateerd "
    "aan een hele reeks neurologische aandoeningen, waaronder migraine, depressie en "
    "epilepsie.": (
        "NMDA-Rezeptoren sind Rezeptoren im Gehirn, die unter anderem für die "
        "Nervenübertragung und die Neuroplastizität unerlässlich sind und daher eine wichtige "
        "Rolle bei der Gehirnentwicklung, der Lernfähigkeit und dem Gedächtnis spielen. "
        "Magnesium spielt eine wichtige Rolle für die Empfindlichkeit dieses NMDA-Rezeptors. "
        "Entsteht ein Magnesiummangel, können sie weniger gut funktionieren. Niedrige "
        "Magnesiumspiegel im Serum werden daher mit einer ganzen Reihe neurologischer "
        "Erkrankungen in Verbindung gebracht, darunter Migräne, Depression und Epilepsie."
    ),
    "1. Migraine": "1. Migräne",
    "Migraine is in verband gebracht met lage gehaltes magnesium in het hersenvocht. "
    "Migrainehoofdpijn is het gevolg van een Cortical Spreading Depression (CSD). Deze CSD kan "
    "worden uitgelokt door activatie van de NMDA-receptor. Dat is de reden dat patiënten met "
    "verhoogd prikkelbare zenuwen vatbaarder zijn voor migraine-aanvallen. De afgelopen "
    "decennia zijn er verschillende dubbelblinde, placebogecontroleerde RCT’s uitgevoerd die "
    "aantonen dat orale suppletie met magnesium het aantal migraine-aanvallen en de "
    "pijnintensiteit kan doen afnemen.": (
        "Migräne wird mit niedrigen Magnesiumspiegeln im Liquor in Verbindung gebracht. "
        "Migränekopfschmerz ist die Folge einer Cortical Spreading Depression (CSD). Diese CSD "
        "kann durch die Aktivierung des NMDA-Rezeptors ausgelöst werden. Deshalb sind "
        "Patienten mit übererregbaren Nerven anfälliger für Migräneanfälle. In den letzten "
        "Jahrzehnten haben mehrere doppelblinde, placebokontrollierte RCTs gezeigt, dass eine "
        "orale Supplementierung mit Magnesium die Zahl der Migräneanfälle und die "
        "Schmerzintensität verringern kann."
    ),
    "2. Depressie": "2. Depression",
    "Meerdere onderzoekers stellen dat magnesium depressie kan verlichten door de "
    "NMDA-receptor te blokkeren. De NMDA-receptor vervult namelijk een belangrijke oorzakelijke "
    "rol in de pathologie van depressie. Grootschalig onderzoek is nodig om de rol van "
    "magnesium bij de preventie en behandeling van depressie verder te onderbouwen, aldus "
    "Baaij.": (
        "Mehrere Forscher sind der Ansicht, dass Magnesium eine Depression lindern kann, "
        "indem es den NMDA-Rezeptor blockiert. Der NMDA-Rezeptor spielt nämlich eine wichtige "
        "ursächliche Rolle in der Pathologie der Depression. Groß angelegte Studien sind "
        "nötig, um die Rolle von Magnesium bei der Vorbeugung und Behandlung von Depressionen "
        "weiter zu untermauern, so De Baaij."
    ),
    "3. Epilepsie": "3. Epilepsie",
    "Uit veel onderzoeken blijkt dat epilepsiepatiënten verlaagde bloedwaarden magnesium "
    "hebben. Het verband tussen de magnesiumstatus en de ontwikkeling van insulten kan "
    "verklaard worden vanuit de rol van magnesium bij de blokkade van de NMDA-receptor. "
    "Helaas ontbreken er grootschalige RCT’s, hetgeen de algemene implementatie van magnesium "
    "als anti-epilepticum vooralsnog in de weg staat.": (
        "Viele Studien zeigen, dass Epilepsiepatienten erniedrigte Magnesiumwerte im Blut "
        "haben. Der Zusammenhang zwischen dem Magnesiumstatus und der Entstehung von Anfällen "
        "lässt sich durch die Rolle von Magnesium bei der Blockade des NMDA-Rezeptors "
        "erklären. Leider fehlen groß angelegte RCTs, was der allgemeinen Anwendung von "
        "Magnesium als Antiepileptikum vorerst im Weg steht."
    ),
    "4. Hersenbloedingen": "4. Hirnblutungen",
    "Hersenbloedingen en -infarcten zijn belangrijke doodsoorzaken in de westerse wereld. Ook "
    "hierbij is een verband gevonden met een verlaagde magnesiumstatus. Deze link kan op "
    "verschillende manieren verklaard worden. Een lage magnesiumstatus verhoogt de activiteit "
    "van de NMDA-receptor en zorgt dus voor meer influx van calcium en glutamaat. Dit kan de "
    "zenuwschade verklaren die optreedt bij cerebrovasculaire accidenten.": (
        "Hirnblutungen und Hirninfarkte gehören in der westlichen Welt zu den häufigsten "
        "Todesursachen. Auch hier wurde ein Zusammenhang mit einem erniedrigten "
        "Magnesiumstatus gefunden. Dieser Zusammenhang lässt sich auf verschiedene Weise "
        "erklären. Ein niedriger Magnesiumstatus erhöht die Aktivität des NMDA-Rezeptors und "
        "führt damit zu einem stärkeren Einstrom von Calcium und Glutamat. Das kann die "
        "Nervenschäden erklären, die bei zerebrovaskulären Ereignissen auftreten."
    ),
    "5. Traumatische hersenschade": "5. Schädel-Hirn-Trauma",
    "Bij patiënten met traumatische hersenschade en ruggenmergschade worden vaak "
    "magnesiumtekorten gevonden. Lage gehaltes magnesium in de hersenruggemergvloeistof zorgen "
    "voor toename van oxidatieve stress en vetzuurperoxidatie, hetgeen beide bijdraagt aan de "
    "ernst van de schade. In een kleine studie bij 30 patiënten met traumatische hersenschade "
    "bleek magnesiumsuppletie te zorgen voor betere uitkomsten op de Glasgow Outcome Scale "
    "(GOS). Deze schaal geeft een objectieve maat voor het herstel na een hersentrauma.": (
        "Bei Patienten mit Schädel-Hirn-Trauma und Rückenmarksverletzungen wird oft ein "
        "Magnesiummangel festgestellt. Niedrige Magnesiumspiegel im Liquor erhöhen den "
        "oxidativen Stress und die Lipidperoxidation, die beide zur Schwere der Schädigung "
        "beitragen. In einer kleinen Studie mit 30 Patienten mit Schädel-Hirn-Trauma führte "
        "eine Magnesiumsupplementierung zu besseren Ergebnissen auf der Glasgow Outcome Scale "
        "(GOS). Diese Skala ist ein objektives Maß für die Erholung nach einem Hirntrauma."
    ),
    "6. Parkinson": "6. Parkinson",
    "Parkinsonpatiënten hebben verlaagde magnesiumconcentraties in de cortex, witte stof, "
    "basale ganglia en hersenstam. Bij dieren is aangetoond dat chronisch verlaagde inname van "
    "magnesium leidt tot significant verlies van dopaminerge neuronen. Ook parkinson wordt "
    "gekenmerkt door het verlies van dopaminerge neuronen. Deze en andere onderzoeken zouden "
    "erop kunnen wijzen dat suppletie met magnesium gunstig is voor parkinsonpatiënten.": (
        "Parkinsonpatienten haben erniedrigte Magnesiumkonzentrationen im Kortex, in der "
        "weißen Substanz, in den Basalganglien und im Hirnstamm. Bei Tieren wurde gezeigt, "
        "dass eine chronisch verminderte Magnesiumaufnahme zu einem signifikanten Verlust "
        "dopaminerger Neuronen führt. Auch Parkinson ist durch den Verlust dopaminerger "
        "Neuronen gekennzeichnet. Diese und andere Studien könnten darauf hindeuten, dass eine "
        "Supplementierung mit Magnesium für Parkinsonpatienten von Nutzen ist."
    ),
    "7. Overige aandoeningen": "7. Weitere Erkrankungen",
    "Lage serumgehalten magnesium zijn in verband gebracht met een breed spectrum van "
    "neurologische aandoeningen, waaronder schizofrenie, bipolaire stoornis, neurose, "
    "verslavingsgevoeligheid, stress en de ziekte van Alzheimer. Dit suggereert dat "
    "magnesiumtekorten een belangrijke rol spelen bij de etiologie van deze ziektebeelden. Het "
    "onderzoek is echter alleen epidemiologisch; op dit moment lopen er geen klinische trials "
    "waarin het effect van magnesium op deze aandoeningen wordt onderzocht.": (
        "Niedrige Magnesiumspiegel im Serum werden mit einem breiten Spektrum neurologischer "
        "Erkrankungen in Verbindung gebracht, darunter Schizophrenie, bipolare Störung, "
        "Neurose, Suchtanfälligkeit, Stress und die Alzheimer-Krankheit. Das deutet darauf "
        "hin, dass ein Magnesiummangel bei der Entstehung dieser Krankheitsbilder eine wichtige "
        "Rolle spielt. Die Forschung ist jedoch nur epidemiologisch; derzeit laufen keine "
        "klinischen Studien, die die Wirkung von Magnesium auf diese Erkrankungen untersuchen."
    ),
    "Jeroen de Baaij (1987) studeerde een bachelor (Medische) Biologie in Nijmegen. Vervolgens "
    "volgde hij de master opleiding Integratieve Biologie aan de Université Pierre et Marie "
    "Curie in Parijs, Frankrijk. In 2010 behaalde hij zijn masterdiploma aan deze universiteit "
    "cum laude. Bovenstaand onderzoek voerde hij op de afdeling Fysiologie van het Radboudumc, "
    "binnen het onderzoeksinstituut RIMLS.": (
        "Jeroen de Baaij (Jahrgang 1987) studierte (Medizinische) Biologie im Bachelor in "
        "Nijmegen. Anschließend absolvierte er den Masterstudiengang Integrative Biologie an "
        "der Université Pierre et Marie Curie in Paris, Frankreich, den er 2010 cum laude "
        "abschloss. Die oben beschriebene Forschung führte er in der Abteilung Physiologie "
        "des Radboudumc durch, am Forschungsinstitut RIMLS."
    ),
    "Nieuwsbrief Natura Foundation": "Newsletter der Natura Foundation",
    "Bronnen": "Quellen",
}

#: ``content/de/_templates.po``.
TEMPLATES = {
    "%(title)s | Nieuwsbrief Natura Foundation": "%(title)s | Newsletter der Natura Foundation",
    "Dit artikel in het %(language)s": "Dieser Artikel auf %(language)s",
    "Gepubliceerd op %(date)s": "Veröffentlicht am %(date)s",
    "Het Nederlandse origineel is bijgewerkt op %(date)s; deze vertaling wordt herzien.": (
        "Das niederländische Original wurde am %(date)s aktualisiert; diese Übersetzung wird "
        "überarbeitet."
    ),
    "Het Nederlandse origineel is bijgewerkt; deze vertaling wordt herzien.": (
        "Das niederländische Original wurde aktualisiert; diese Übersetzung wird überarbeitet."
    ),
    "Lees het origineel": "Das Original lesen",
    "Concept: niet alle tekst is vertaald.": "Entwurf: Nicht der ganze Text ist übersetzt.",
    "Nieuwsbrief Natura Foundation": "Newsletter der Natura Foundation",
    "Artikelen": "Artikel",
    "Nieuwsbrieven": "Newsletter",
    "Deze pagina in het %(language)s": "Diese Seite auf %(language)s",
    "Vertaling wordt herzien": "Übersetzung wird überarbeitet",
    "Bekijk deze nieuwsbrief online": "Diesen Newsletter online ansehen",
    "Deze nieuwsbrief in het %(language)s": "Dieser Newsletter auf %(language)s",
    "In deze nieuwsbrief": "In diesem Newsletter",
    "Lees verder": "Weiterlesen",
    "U ontvangt deze e-mail omdat u zich hebt aangemeld voor de nieuwsbrief van Natura "
    "Foundation.": (
        "Sie erhalten diese E-Mail, weil Sie sich für den Newsletter der Natura Foundation "
        "angemeldet haben."
    ),
    "Afmelden": "Abmelden",
    "Links": "Links",
    "Pagina %(page)s van %(pages)s": "Seite %(page)s von %(pages)s",
}

#: ``content/de/newsletters/2019-10.po``.
ISSUE = {
    "Magnesium en de hersenen: zeven toepassingen": "Magnesium und das Gehirn: sieben Anwendungen",
    "Waarom een magnesiumtekort vaak onopgemerkt blijft, en wat het voor de hersenen "
    "betekent.": "Warum ein Magnesiummangel oft unbemerkt bleibt und was er für das Gehirn "
    "bedeutet.",
    "Beste lezer,": "Liebe Leserin, lieber Leser,",
    "Magnesium is een van de meest onderschatte mineralen in de praktijk. Een tekort blijft "
    "vaak onopgemerkt, omdat de klachten zo algemeen zijn: moeheid, spierkrampen, slecht "
    "slapen. Toch kan een tekort juist in de hersenen grote gevolgen hebben.": (
        "Magnesium ist eines der am meisten unterschätzten Mineralien in der Praxis. Ein "
        "Mangel bleibt oft unbemerkt, weil die Beschwerden so allgemein sind: Müdigkeit, "
        "Muskelkrämpfe, schlechter Schlaf. Doch gerade im Gehirn kann ein Mangel große Folgen "
        "haben."
    ),
    "In deze nieuwsbrief zetten we op een rij wat het onderzoek van het Radboudumc zegt over "
    "magnesium en de hersenen: van migraine en depressie tot parkinson.": (
        "In diesem Newsletter fassen wir zusammen, was die Forschung des Radboudumc über "
        "Magnesium und das Gehirn sagt: von Migräne und Depression bis Parkinson."
    ),
    "Veel leesplezier!": "Viel Freude beim Lesen!",
    "Het team van Natura Foundation": "Das Team der Natura Foundation",
}
