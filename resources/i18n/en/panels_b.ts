<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>TopKPanel</name>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/panels/topk_panel.py" line="188"/>
        <source>Scanning: {done} of %Ln image(s), {rate} images/s</source>
        <translation>
            <numerusform>Scanning: {done} of %Ln image, {rate} images/s</numerusform>
            <numerusform>Scanning: {done} of %Ln images, {rate} images/s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/panels/topk_panel.py" line="212"/>
        <source>Scanned {data}: %Ln image(s).</source>
        <translation>
            <numerusform>Scanned {data}: %Ln image.</numerusform>
            <numerusform>Scanned {data}: %Ln images.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/panels/topk_panel.py" line="224"/>
        <source>%Ln image(s) ready: press Scan.</source>
        <translation>
            <numerusform>%Ln image ready: press Scan.</numerusform>
            <numerusform>%Ln images ready: press Scan.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/panels/topk_panel.py" line="228"/>
        <source>Loaded from cache: %Ln image(s) of {data}.</source>
        <translation>
            <numerusform>Loaded from cache: %Ln image of {data}.</numerusform>
            <numerusform>Loaded from cache: %Ln images of {data}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/panels/topk_panel.py" line="234"/>
        <source>A partial scan is kept ({done} of %Ln image(s)): Resume continues it.</source>
        <translation>
            <numerusform>A partial scan is kept ({done} of %Ln image): Resume continues it.</numerusform>
            <numerusform>A partial scan is kept ({done} of %Ln images): Resume continues it.</numerusform>
        </translation>
    </message>
</context>
</TS>
