/**
 * `exeasyui` (`script/libs/exeasyui.lua`): a small widget toolkit over
 * `exlcd` and `extp`. Its constructors and screen functions are not
 * annotated in the sources; they are declared here from the Lua code.
 * Every widget constructor takes one options table (all keys optional: the
 * widget applies its defaults and the theme's colours) and returns the
 * widget, to pass to {@link add} or to a window's `add`. Colours are RGB565
 * numbers (`exeasyui.COLOR_WHITE`...).
 */
declare module "exeasyui" {
    /** Options every widget reads (`BaseWidget:new`, `exeasyui.lua:745`). */
    export interface WidgetOptions {
        /** Position relative to the parent (the screen for a root widget), in pixels; default 0. */
        x?: number;
        y?: number;
        /** Size in pixels; each widget has its own default. */
        w?: number;
        h?: number;
        /** Drawn and touchable unless `false`. */
        visible?: boolean;
        enabled?: boolean;
        theme?: "light" | "dark";
    }

    /** What every widget has (`exeasyui.lua:742`). */
    export interface Widget {
        /** Position relative to the parent, in pixels. */
        x: number;
        y: number;
        /** Size in pixels. */
        w: number;
        h: number;
        visible: boolean;
        /** A disabled widget ignores touches. */
        enabled: boolean;
        /** Widgets added with {@link Widget.add}. */
        children: Widget[];
        parent?: Widget;
        /** Add a child, positioned relative to this widget. */
        add(child: Widget): void;
        /** Ask for this widget to be redrawn. */
        invalidate(rect?: unknown): void;
        /** Position on the screen, after the parents' offsets and scrolling. */
        get_absolute_position(): LuaMultiReturn<[x: number, y: number]>;
        contains_point(px: number, py: number): boolean;
    }

    /** Options of {@link button} (`exeasyui.lua:1198`). */
    export interface ButtonOptions extends WidgetOptions {
        text?: string;
        /** Text size; `size` and `font_size` are read too. */
        text_size?: number;
        size?: number;
        font_size?: number;
        /** Width and height (also `width` / `height`). */
        width?: number;
        height?: number;
        bg_color?: number;
        pressed_color?: number;
        border_color?: number;
        text_color?: number;
        /** An image instead of the drawn button, and its pressed and toggled versions. */
        src?: string;
        src_pressed?: string;
        src_toggled?: string;
        /** A toggle button: each tap flips `toggled` and calls `on_toggle`. */
        toggle?: boolean;
        toggled?: boolean;
        on_click?: (this: void, button: Button) => void;
        on_toggle?: (this: void, toggled: boolean, button: Button) => void;
    }

    export interface Button extends Widget {
        text: string;
        toggled?: boolean;
        set_text(text: string): void;
    }

    /** Options of {@link check_box} (`exeasyui.lua:1318`). */
    export interface CheckBoxOptions extends WidgetOptions {
        text?: string;
        text_size?: number;
        /** Side of the box, default 20. */
        box_size?: number;
        checked?: boolean;
        border_color?: number;
        bg_color?: number;
        tick_color?: number;
        text_color?: number;
        on_change?: (this: void, checked: boolean, box: CheckBox) => void;
    }

    export interface CheckBox extends Widget {
        checked: boolean;
        set_checked(v: boolean): void;
        toggle(): void;
    }

    /** An entry of a combo box: a text, or a text with the value `on_select` gets. */
    export type ComboBoxOption = string | { text?: string; value?: any };

    /** Options of {@link combo_box} (`exeasyui.lua:1616`). */
    export interface ComboBoxOptions extends WidgetOptions {
        options?: ComboBoxOption[];
        /** 1-based index of the selected entry. */
        selected?: number;
        placeholder?: string;
        text_size?: number;
        size?: number;
        width?: number;
        height?: number;
        item_height?: number;
        max_visible_items?: number;
        bg_color?: number;
        border_color?: number;
        text_color?: number;
        arrow_color?: number;
        /** Called with the entry's value (its text for a plain string), its index and its text. */
        on_select?: (this: void, value: any, index: number, text: string | undefined) => void;
    }

    export interface ComboBox extends Widget {
        selected_index: number;
        set_selected(index: number): void;
        get_selected_value(): any;
        get_selected_text(): string | undefined;
    }

    /** Options of {@link label} (`exeasyui.lua:1756`). */
    export interface LabelOptions extends WidgetOptions {
        text?: string;
        text_size?: number;
        size?: number;
        color?: number;
        word_wrap?: boolean;
    }

    export interface Label extends Widget {
        text: string;
        set_text(text: string): void;
        set_size(sz: number): void;
    }

    /** Options of {@link input} (`exeasyui.lua:1826`). */
    export interface InputOptions extends WidgetOptions {
        text?: string;
        placeholder?: string;
        /** Default `"text"`; a password shows stars. */
        input_type?: "text" | "number" | "password" | "email";
        max_length?: number;
        text_size?: number;
        size?: number;
        width?: number;
        height?: number;
        bg_color?: number;
        border_color?: number;
        focused_border_color?: number;
        text_color?: number;
        placeholder_color?: number;
        keyboard_click_effect?: boolean;
        on_text_changed?: (this: void, text: string, input: Input) => void;
        on_focus_changed?: (this: void, focused: boolean, input: Input) => void;
        /** Kept on the widget (`input.on_confirm`); the library itself does not call it. */
        on_confirm?: (this: void, ...args: any[]) => void;
    }

    export interface Input extends Widget {
        text: string;
        set_text(text: string): void;
        get_text(): string;
        set_placeholder(text: string): void;
        insert_text(text: string): void;
        delete_text(start_pos?: number, length?: number): void;
        /** Show the on-screen keyboard for this field. */
        focus(): void;
        blur(): void;
        is_focused(): boolean;
    }

    /** Options of {@link keyboard} (`exeasyui.lua:2058`). */
    export interface KeyboardOptions extends WidgetOptions {
        /** The field the keys type into. */
        input?: Input;
        width?: number;
        height?: number;
        enable_click_effect?: boolean;
    }

    /** Options of {@link message_box} (`exeasyui.lua:3264`). */
    export interface MessageBoxOptions extends WidgetOptions {
        title?: string;
        message?: string;
        /** Button texts, default `["OK"]`. */
        buttons?: string[];
        /** Called with the text of the button pressed. */
        on_result?: (this: void, button: string, box: Widget) => void;
        text_size?: number;
        size?: number;
        width?: number;
        height?: number;
        word_wrap?: boolean;
        bg_color?: number;
        border_color?: number;
        text_color?: number;
    }

    /** Options of {@link picture} (`exeasyui.lua:3385`). */
    export interface PictureOptions extends WidgetOptions {
        /** One image file. */
        src?: string;
        /** Several images, shown in turn every `interval` ms (default 1000) when `autoplay`. */
        sources?: string[];
        /** 1-based index of the first image of `sources`. */
        index?: number;
        autoplay?: boolean;
        interval?: number;
    }

    /** Options of {@link progress_bar} (`exeasyui.lua:3516`). */
    export interface ProgressBarOptions extends WidgetOptions {
        /** 0 to 100. */
        progress?: number;
        text?: string;
        show_percentage?: boolean;
        text_size?: number;
        size?: number;
        width?: number;
        height?: number;
        background_color?: number;
        progress_color?: number;
        border_color?: number;
        text_color?: number;
    }

    export interface ProgressBar extends Widget {
        get_progress(): number;
        set_progress(value: number): void;
        set_text(text: string): void;
    }

    /** Options of {@link window} (`exeasyui.lua:3624`). */
    export interface WindowOptions extends WidgetOptions {
        background_color?: number;
        background_image?: string;
        /** Make the content scrollable (`window:enable_scroll`). */
        scroll?: { direction?: "vertical" | "horizontal" | "both"; content_width?: number; content_height?: number; [key: string]: any };
    }

    export interface Window extends Widget {
        remove(child: Widget): void;
        clear(): void;
        set_background_color(color: number): void;
        set_background_image(path: string): void;
        enable_scroll(opts?: WindowOptions["scroll"]): void;
        set_content_size(w: number, h: number): void;
        back(): void;
    }

    /**
     * Set up the display and touch: `exlcd.init(opts.lcd_config)`, the frame
     * buffer (unless `enable_buffer` is `false`), hardware JPEG decoding when
     * asked, then `extp.init(opts.tp_config)` with its message, swipe and long
     * press settings.
     * Source: `script/libs/exeasyui.lua:213`
     * @returns `true`; `false` when `opts` is missing or the LCD fails to start.
     */
    export function hw_init(this: void, opts: { lcd_config?: any; tp_config?: any; enable_buffer?: boolean; enable_hardware_decode?: boolean; [key: string]: any }): boolean;

    /** Make a button. Source: `script/libs/exeasyui.lua:1310` */
    export function button(this: void, opts?: ButtonOptions): Button;
    /** Make a check box. Source: `script/libs/exeasyui.lua:1382` */
    export function check_box(this: void, opts?: CheckBoxOptions): CheckBox;
    /** Make a drop-down list. Source: `script/libs/exeasyui.lua:1748` */
    export function combo_box(this: void, opts?: ComboBoxOptions): ComboBox;
    /** Make a text label. Source: `script/libs/exeasyui.lua:1818` */
    export function label(this: void, opts?: LabelOptions): Label;
    /** Make a text field; tapping it opens the on-screen keyboard. Source: `script/libs/exeasyui.lua:2050` */
    export function input(this: void, opts?: InputOptions): Input;
    /** Make an on-screen keyboard. Source: `script/libs/exeasyui.lua:3256` */
    export function keyboard(this: void, opts?: KeyboardOptions): Widget;
    /** Make a message box with buttons. Source: `script/libs/exeasyui.lua:3377` */
    export function message_box(this: void, opts?: MessageBoxOptions): Widget;
    /** Make a picture, or a slide show of several. Source: `script/libs/exeasyui.lua:3508` */
    export function picture(this: void, opts?: PictureOptions): Widget;
    /** Make a progress bar. Source: `script/libs/exeasyui.lua:3571` */
    export function progress_bar(this: void, opts?: ProgressBarOptions): ProgressBar;
    /** Make a window, a container for other widgets. Source: `script/libs/exeasyui.lua:3981` */
    export function window(this: void, opts?: WindowOptions): Window;

    /** The current theme, `"light"` or `"dark"` (set by `sw_init`). Source: `script/libs/exeasyui.lua:3997` */
    export function theme(this: void): "light" | "dark";

    /**
     * Put a widget on the screen (as a root) and draw it.
     * Source: `script/libs/exeasyui.lua:4001`
     * @returns the widget.
     */
    export function add<W extends Widget>(this: void, widget: W): W;

    /**
     * Take a root widget off the screen.
     * Source: `script/libs/exeasyui.lua:4005`
     * @returns `true` when it was there.
     */
    export function remove(this: void, widget: Widget): boolean;

    /** Fill the screen with `color` (default black). Source: `script/libs/exeasyui.lua:4009` */
    export function clear(this: void, color?: number): void;

    /** Redraw everything, unless the screen sleeps. Source: `script/libs/exeasyui.lua:4120` */
    export function refresh(this: void): void;
}
