(* The OCaml side of sempatch's script host for @script:ocaml@ rules
   (src/script/ocaml.rs).

   The `ocaml` toplevel reads this file as phrases on its stdin. The last
   phrase starts [Sempatch_ocaml_host.serve], which takes over the toplevel's
   descriptors: requests keep arriving on (a duplicate of) fd 0, replies leave
   on (a duplicate of) fd 1, and fds 0/1/2 are then pointed at /dev/null and a
   private, unlinked capture file, so whatever a script prints (Printf,
   Format, prerr_*, a subprocess) is collected per request and can never eat
   or corrupt a protocol message.

   Every message is a sequence of fields, each sent as its length in decimal,
   a newline, then that many bytes: no escaping, any content.

   Scripts are compiled once by the toplevel itself (Toploop.execute_phrase):
   a script rule becomes a function registered in [fcts] under a number, a
   script constraint one in [bool_fcts]; each run then only applies the
   function to its arguments. @initialize:ocaml@ and @finalize:ocaml@ code is
   evaluated as toplevel phrases, so definitions it makes (let tbl = ...) are
   seen by every later rule, as in Coccinelle where they are put at the top
   of the one module compiled from all the OCaml code of a semantic patch. *)

#directory "+compiler-libs";;
#directory "+unix";;
#directory "+str";;
#load "unix.cma";;
#load "str.cma";;

(* Toploop.use_silently takes a file name up to OCaml 4.13 and a
   Toploop.input from 4.14 on: of these two phrases, the one the running
   toplevel rejects leaves the other's definition in place. *)
module Sempatch_ocaml_compat = struct
  let use_silently ppf name = Toploop.use_silently ppf name
end;;
module Sempatch_ocaml_compat = struct
  let use_silently ppf name = Toploop.use_silently ppf (Toploop.File name)
end;;

module Coccilib = struct
  (* A position of a position metavariable. Lines 1-based, columns 0-based.
     The current element's extent is -1 where not known (a made position). *)
  type pos = {
    current_element : string;
    current_element_line : int;
    current_element_col : int;
    current_element_line_end : int;
    current_element_col_end : int;
    file : string;
    line : int;
    col : int;
    line_end : int;
    col_end : int;
  }

  (* What a script may assign to one of its outputs (x := make_ident "f").
     Coccinelle parses the text at once; here the engine parses it later, so
     only the text and what to parse it as are kept. *)
  type metavar_binding_kind =
      MetaNoVal
    | MetaIdVal of string
    | MetaExprVal of string
    | MetaStmtVal of string
    | MetaStmtEnvVal of string * string
    | MetaTypeVal of string
    | MetaPragmaInfoVal of string
    | MetaListlenVal of int
    | MetaPosValList of pos list

  let make_ident s = MetaIdVal s
  let make_expr s = MetaExprVal s
  (* The environment only helps Coccinelle type the expression. *)
  let make_expr_with_env (_env : string) s = MetaExprVal s
  let make_stmt s = MetaStmtVal s
  let make_stmt_with_env env s = MetaStmtEnvVal (env, s)
  let make_type s = MetaTypeVal s
  let make_pragmainfo s = MetaPragmaInfoVal s
  let make_listlen n =
    if n < 0 then invalid_arg "make_listlen: negative length"
    else MetaListlenVal n

  let make_full_position fl fn ce_startl ce_startc ce_endl ce_endc
      startl startc endl endc =
    MetaPosValList
      [{ current_element = fn; current_element_line = ce_startl;
         current_element_col = ce_startc; current_element_line_end = ce_endl;
         current_element_col_end = ce_endc; file = fl; line = startl;
         col = startc; line_end = endl; col_end = endc }]

  let make_position fl fn startl startc endl endc =
    make_full_position fl fn (-1) (-1) (-1) (-1) startl startc endl endc

  let inc_match = ref true
  let include_match b = inc_match := b

  let exited = ref false
  let exit () = exited := true

  let current_dir = ref ""
  let current_files = ref ([] : string list)
  let dir () = !current_dir
  let files () = !current_files

  let cocci_version () = "sempatch"

  (* org mode *)

  let build_link p msg color =
    Printf.sprintf "[[view:%s::face=%s::linb=%d::colb=%d::cole=%d][%s]]"
      p.file color p.line p.col p.col_end msg

  let default_msg p msg =
    if msg = "" then Printf.sprintf "%s::%d" p.file p.line else msg

  let print_todo ?(color = "ovl-face1") ?(msg = "") p =
    Printf.printf "* TODO %s\n" (build_link p (default_msg p msg) color)

  let print_link ?(color = "ovl-face2") ?(msg = "") p =
    Printf.printf "%s\n" (build_link p (default_msg p msg) color)

  (* org links end at "]": brackets become "@(" and ")". *)
  let org_safe msg =
    String.concat "" (List.map (function
        '[' -> "@(" | ']' -> ")" | c -> String.make 1 c)
        (List.init (String.length msg) (String.get msg)))

  let print_safe_todo ?(color = "ovl-face1") ?(msg = "") p =
    print_todo ~color ~msg:(org_safe msg) p

  let print_safe_link ?(color = "ovl-face2") ?(msg = "") p =
    print_link ~color ~msg:(org_safe msg) p

  let print_main ?(color = "ovl-face1") msg ps =
    let p = List.hd ps in
    let msg =
      if msg = "" then Printf.sprintf "%s::%d" p.file p.line
      else Printf.sprintf "%s %s::%d" msg p.file p.line in
    print_todo ~color ~msg p

  let print_sec ?(color = "ovl-face2") msg ps =
    print_link ~color ~msg (List.hd ps)

  let print_secs ?(color = "ovl-face2") msg ps =
    List.iter (fun p -> print_link ~color ~msg p) ps

  let basename_pos p = { p with file = Filename.basename p.file }

  (* Iteration: what [register] queued, newest first, for the driver to
     take after the pass (src/script/iteration.rs). The [iteration] class
     scripts use is made per semantic patch on top of this one: its
     [add_virtual_rule] takes the patch's own constructors (After_start). *)
  type pending = {
    p_files : string list option;
    p_rules : string list;
    p_ids : (string * string) list;
    p_extend : bool;
  }
  let pending = ref ([] : pending list)

  class iteration_base () =
    object
      val mutable files = None
      val mutable virtual_rules = ([] : string list)
      val mutable virtual_identifiers = ([] : (string * string) list)
      val mutable extend_virtual_ids = false
      method set_files (f : string list) = files <- Some f
      method extend_virtual_identifiers () = extend_virtual_ids <- true
      method add_virtual_rule_name r =
        if not (List.mem r virtual_rules)
        then virtual_rules <- r :: virtual_rules
      method add_virtual_identifier_name i (v : string) =
        match List.assoc_opt i virtual_identifiers with
          Some v1 when v1 <> v ->
            failwith ("multiple values specified for " ^ i)
        | Some _ -> ()
        | None -> virtual_identifiers <- (i, v) :: virtual_identifiers
      method register () =
        pending :=
          { p_files = files; p_rules = List.rev virtual_rules;
            p_ids = List.rev virtual_identifiers;
            p_extend = extend_virtual_ids } :: !pending
    end
end;;

module Sempatch_ocaml_host = struct
  type arg = Str of string | Int of int | Pos of Coccilib.pos list
    | Com of (string list * string list * string list) list

  let fcts :
    (int, arg array -> Coccilib.metavar_binding_kind ref array -> unit)
      Hashtbl.t = Hashtbl.create 17
  let bool_fcts : (int, arg array -> bool) Hashtbl.t = Hashtbl.create 17

  let bad what = invalid_arg ("sempatch: an input is not a " ^ what)
  let str = function Str s -> s | _ -> bad "string"
  let int = function Int n -> n | _ -> bad "number"
  let pos = function Pos l -> l | _ -> bad "position"
  let com = function Com l -> l | _ -> bad "comments"
  (* The elements of a list metavariable's text: split at its top-level
     commas, each trimmed (the second half of `(s, elems) << r.l`). *)
  let elems v =
    let s = str v in
    let n = String.length s in
    let out = ref [] and start = ref 0 and depth = ref 0 and quote = ref None in
    let cut i =
      let e = String.trim (String.sub s !start (i - !start)) in
      if e <> "" then out := e :: !out;
      start := i + 1 in
    let i = ref 0 in
    while !i < n do
      let c = s.[!i] in
      (match !quote with
       | Some q -> if c = '\\' then incr i else if c = q then quote := None
       | None ->
         (match c with
          | '"' | '\'' -> quote := Some c
          | '(' | '[' | '{' -> incr depth
          | ')' | ']' | '}' -> decr depth
          | ',' when !depth = 0 -> cut !i
          | _ -> ()));
      incr i
    done;
    cut n;
    List.rev !out

  exception Protocol of string

  let read_field ic =
    let n =
      match int_of_string_opt (input_line ic) with
        Some n when n >= 0 -> n
      | _ -> raise (Protocol "bad field length") in
    really_input_string ic n

  let read_int ic =
    match int_of_string_opt (read_field ic) with
      Some n -> n
    | None -> raise (Protocol "bad number")

  let write_field oc s =
    output_string oc (string_of_int (String.length s));
    output_char oc '\n';
    output_string oc s

  let read_arg ic =
    match read_field ic with
      "s" -> Str (read_field ic)
    | "i" -> Int (read_int ic)
    | "p" ->
        let n = read_int ic in
        Pos (List.init n (fun _ ->
          let file = read_field ic in
          let current_element = read_field ic in
          let current_element_line = read_int ic in
          let current_element_col = read_int ic in
          let current_element_line_end = read_int ic in
          let current_element_col_end = read_int ic in
          let line = read_int ic in
          let col = read_int ic in
          let line_end = read_int ic in
          let col_end = read_int ic in
          { Coccilib.current_element; current_element_line;
            current_element_col; current_element_line_end;
            current_element_col_end; file; line; col; line_end;
            col_end }))
    | "c" ->
        let strings () = List.init (read_int ic) (fun _ -> read_field ic) in
        Com (List.init (read_int ic) (fun _ ->
          let before = strings () in
          let middle = strings () in
          let after = strings () in
          (before, middle, after)))
    | k -> raise (Protocol ("bad argument kind " ^ k))

  let read_args ic = Array.init (read_int ic) (fun _ -> read_arg ic)

  let output_fields = function
      Coccilib.MetaNoVal -> ["none"]
    | Coccilib.MetaIdVal s -> ["ident"; s]
    | Coccilib.MetaExprVal s -> ["expr"; s]
    | Coccilib.MetaStmtVal s -> ["stmt"; s]
    | Coccilib.MetaStmtEnvVal (env, s) -> ["stmt_with_env"; env; s]
    | Coccilib.MetaTypeVal s -> ["type"; s]
    | Coccilib.MetaPragmaInfoVal s -> ["pragmainfo"; s]
    | Coccilib.MetaListlenVal n -> ["listlen"; string_of_int n]
    | Coccilib.MetaPosValList [] -> ["none"]
    | Coccilib.MetaPosValList (p :: _) ->
        ["position"; p.Coccilib.file; p.Coccilib.current_element;
         string_of_int p.Coccilib.line; string_of_int p.Coccilib.col;
         string_of_int p.Coccilib.line_end; string_of_int p.Coccilib.col_end]

  (* Output capture. *)
  let capture = ref Unix.stdout

  let flush_all () =
    (try Format.pp_print_flush Format.std_formatter () with _ -> ());
    (try Format.pp_print_flush Format.err_formatter () with _ -> ());
    (try flush stdout with _ -> ());
    (try flush stderr with _ -> ())

  let start_capture () =
    flush_all ();
    Unix.ftruncate !capture 0;
    ignore (Unix.lseek !capture 0 Unix.SEEK_SET)

  let take_capture () =
    flush_all ();
    let len = Unix.lseek !capture 0 Unix.SEEK_END in
    ignore (Unix.lseek !capture 0 Unix.SEEK_SET);
    let buf = Bytes.create len in
    let rec fill off =
      if off < len then
        let n = Unix.read !capture buf off (len - off) in
        if n > 0 then fill (off + n) in
    fill 0;
    Unix.ftruncate !capture 0;
    ignore (Unix.lseek !capture 0 Unix.SEEK_SET);
    Bytes.to_string buf

  exception Failed of string

  (* Toplevel phrases, evaluated one after the other by the toplevel's own
     use_file: it parses them all first (a syntax error runs nothing), then
     types and runs each in turn, reporting errors and uncaught exceptions
     on [ppf]. The code goes through a private temporary file because that
     is the only way into use_file; a line directive at its top names the
     rule in every message. *)
  let eval code =
    let name = Filename.temp_file "sempatch_ocaml" ".ml" in
    let remove () = try Sys.remove name with _ -> () in
    let ok, msg =
      try
        let oc = open_out_bin name in
        output_string oc code;
        close_out oc;
        let b = Buffer.create 80 in
        let ppf = Format.formatter_of_buffer b in
        let ok = Sempatch_ocaml_compat.use_silently ppf name in
        Format.pp_print_flush ppf ();
        (ok, Buffer.contents b)
      with exn -> remove (); raise exn in
    remove ();
    if not ok then raise (Failed msg)

  let run_fct fid args nouts =
    let f =
      try Hashtbl.find fcts fid
      with Not_found -> raise (Protocol "unknown script function") in
    let outs = Array.init nouts (fun _ -> ref Coccilib.MetaNoVal) in
    Coccilib.inc_match := true;
    Coccilib.exited := false;
    f args outs;
    outs

  let serve_one ic oc =
    let op = read_field ic in
    (* Everything is read before anything runs, so a failing request never
       leaves half of itself in the pipe. *)
    let job =
      match op with
        "eval" ->
          let code = read_field ic in
          (fun () -> eval code; [])
      | "call" ->
          let fid = read_int ic in
          let args = read_args ic in
          let nouts = read_int ic in
          (fun () ->
            let outs = run_fct fid args nouts in
            let flag b = if b then "1" else "0" in
            flag !Coccilib.inc_match :: flag !Coccilib.exited
            :: string_of_int nouts
            :: List.concat_map (fun o ->
                let fields = output_fields !o in
                string_of_int (List.length fields) :: fields)
              (Array.to_list outs))
      | "check" ->
          let fid = read_int ic in
          let args = read_args ic in
          (fun () ->
            let f =
              try Hashtbl.find bool_fcts fid
              with Not_found -> raise (Protocol "unknown constraint") in
            [if f args then "1" else "0"])
      | "files" ->
          let n = read_int ic in
          let files = List.init n (fun _ -> read_field ic) in
          (fun () -> Coccilib.current_files := files; [])
      | "pending" ->
          (fun () ->
            let all = List.rev !Coccilib.pending in
            Coccilib.pending := [];
            let strs l = string_of_int (List.length l) :: l in
            string_of_int (List.length all)
            :: List.concat_map (fun (p : Coccilib.pending) ->
                (match p.p_files with
                  None -> ["0"]
                | Some f -> "1" :: strs f)
                @ strs p.p_rules
                @ strs (List.concat_map (fun (k, v) -> [k; v]) p.p_ids)
                @ [if p.p_extend then "1" else "0"])
              all)
      | "dir" ->
          let d = read_field ic in
          (fun () -> Coccilib.current_dir := d; [])
      | _ -> raise (Protocol ("unknown request " ^ op)) in
    start_capture ();
    let result =
      try Ok (job ())
      with
        Failed msg -> Error msg
      | Stack_overflow -> Error "Exception: Stack_overflow."
      | exn -> Error ("Exception: " ^ Printexc.to_string exn ^ ".") in
    let printed = take_capture () in
    (match result with
      Ok fields ->
        write_field oc "ok";
        write_field oc printed;
        List.iter (write_field oc) fields
    | Error msg ->
        write_field oc "err";
        write_field oc printed;
        write_field oc msg);
    flush oc

  let serve () =
    let proto_in = Unix.in_channel_of_descr (Unix.dup Unix.stdin) in
    let proto_out = Unix.out_channel_of_descr (Unix.dup Unix.stdout) in
    set_binary_mode_in proto_in true;
    set_binary_mode_out proto_out true;
    let null = Unix.openfile "/dev/null" [Unix.O_RDONLY] 0 in
    Unix.dup2 null Unix.stdin;
    Unix.close null;
    let name = Filename.temp_file "sempatch_ocaml" ".out" in
    let fd = Unix.openfile name [Unix.O_RDWR; Unix.O_TRUNC] 0o600 in
    (try Unix.unlink name with _ -> ());
    capture := fd;
    flush_all ();
    Unix.dup2 fd Unix.stdout;
    Unix.dup2 fd Unix.stderr;
    output_string proto_out "sempatch-ocaml-host-ready\n";
    flush proto_out;
    try
      while true do serve_one proto_in proto_out done
    with
      End_of_file -> ()
    | Protocol msg ->
        (try write_field proto_out "fatal"; write_field proto_out msg;
           flush proto_out
         with _ -> ())
end;;

open Coccilib;;

let () = Sempatch_ocaml_host.serve ();;
