<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ActivationsPanel</name>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/panels/activations_panel.py" line="206"/>
        <source>%n maps</source>
        <translation>
            <numerusform>%n map</numerusform>
            <numerusform>%n maps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/panels/activations_panel.py" line="234"/>
        <source>%n units</source>
        <translation>
            <numerusform>%n unit</numerusform>
            <numerusform>%n units</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ArchitecturePanel</name>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/panels/architecture_panel.py" line="196"/>
        <source>{model}: {total} parameters ({trainable} trainable), %n layers</source>
        <translation>
            <numerusform>{model}: {total} parameters ({trainable} trainable), %n layer</numerusform>
            <numerusform>{model}: {total} parameters ({trainable} trainable), %n layers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FiltersPanel</name>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/panels/filters_panel.py" line="118"/>
        <source>%n filters</source>
        <translation>
            <numerusform>%n filter</numerusform>
            <numerusform>%n filters</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/panels/filters_panel.py" line="119"/>
        <source>%n channels</source>
        <translation>
            <numerusform>%n channel</numerusform>
            <numerusform>%n channels</numerusform>
        </translation>
    </message>
</context>
</TS>
