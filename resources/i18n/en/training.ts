<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>BuilderDialog</name>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="145"/>
        <source>%n class(es)</source>
        <translation>
            <numerusform>%n class</numerusform>
            <numerusform>%n classes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="246"/>
        <source>%n layer(s), {params} parameters</source>
        <translation>
            <numerusform>%n layer, {params} parameters</numerusform>
            <numerusform>%n layers, {params} parameters</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/training/panel.py" line="287"/>
        <source>after %n epoch(s) of training</source>
        <translation>
            <numerusform>after %n epoch of training</numerusform>
            <numerusform>after %n epochs of training</numerusform>
        </translation>
    </message>
</context>
</TS>
